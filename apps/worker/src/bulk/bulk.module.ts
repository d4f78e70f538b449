import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RedisClient, bullPrefixFor } from '@rerank/queue';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { BulkJobStore } from '@rerank/bulk-jobs';
import { WORKER_CONFIG, WORKER_REDIS } from '../worker.tokens';
import { BulkBatchService } from './bulk-batch.service';
import { bulkProcessorFor } from './bulk.processor';

@Module({})
export class BulkModule {
  /**
   * Binds one processor to each served model's bulk queue. The models' scorers are the ones the
   * interactive lane loaded (MODEL_SCORERS), so both lanes share each model's session and batcher.
   */
  static forModels(config: WorkerConfig): DynamicModule {
    // The interactive lane's stalled-job handling (ScoreModule): a killed worker's batch is
    // handed on within about one interval, and one that kills workers fails for good.
    const workerOptions = {
      concurrency: config.bulk.concurrency,
      stalledInterval: config.stalledIntervalMs,
      lockDuration: config.stalledIntervalMs,
      maxStalledCount: 2,
    };
    return {
      module: BulkModule,
      imports: [
        BullModule.registerQueue(
          ...config.models
            .map((model) => scoreQueueName(model.name, Lane.Bulk))
            .map((name) => ({ name, prefix: bullPrefixFor(config.redis, config.queuePrefix, name) })),
        ),
      ],
      providers: [
        ...config.models.map((model) => bulkProcessorFor(model.name, workerOptions)),
        BulkBatchService,
        {
          provide: BulkJobStore,
          inject: [WORKER_REDIS, WORKER_CONFIG],
          useFactory: (redis: RedisClient, workerConfig: WorkerConfig) =>
            new BulkJobStore(redis, workerConfig.queuePrefix, workerConfig.bulk.jobTtlSeconds),
        },
      ],
    };
  }
}
