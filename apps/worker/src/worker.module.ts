import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { WorkerConfig } from '@rerank/config';
import { RedisClient, WorkerRegistry, createRedisConnection } from '@rerank/queue';
import { BulkModule } from './bulk/bulk.module';
import { EmbedModule } from './embed/embed.module';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { QueueErrorsLogger } from './queue-errors/queue-errors.logger';
import { ScoreModule } from './score/score.module';
import { WORKER_CONFIG, WORKER_ID, WORKER_REDIS } from './worker.tokens';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const shared = {
      provide: WORKER_CONFIG,
      useValue: config,
    };
    return {
      module: WorkerModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRoot({
          connection: createRedisConnection(config.redis, 'consumer'),
          prefix: config.queuePrefix,
        }),
        ScoreModule.forModels(config, workerId),
        BulkModule.forModels(config),
        EmbedModule.forModels(config),
      ],
      providers: [
        shared,
        { provide: WORKER_ID, useValue: workerId },
        { provide: WORKER_REDIS, useFactory: () => createRedisConnection(config.redis, 'consumer') },
        {
          provide: WorkerRegistry,
          inject: [WORKER_REDIS],
          useFactory: (redis: RedisClient) => new WorkerRegistry(redis, config.queuePrefix),
        },
        HeartbeatService,
        QueueErrorsLogger,
      ],
      // ScoreModule is re-exported for its MODEL_SCORERS: the bulk lane scores with the same sessions.
      exports: [shared, WORKER_ID, WORKER_REDIS, ScoreModule],
    };
  }
}
