import { Module } from '@nestjs/common';
import type { RedisClient } from '@rerank/queue';
import { GatewayConfig } from '@rerank/config';
import { BulkJobStore } from '@rerank/bulk-jobs';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { ScoringModule } from '../scoring/scoring.module';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [RetrievalModule, ScoringModule],
  controllers: [JobsController],
  providers: [
    JobsService,
    {
      provide: BulkJobStore,
      inject: [GATEWAY_REDIS, GATEWAY_CONFIG],
      useFactory: (redis: RedisClient, config: GatewayConfig) => new BulkJobStore(redis, config.queuePrefix, config.bulkJobs.ttlSeconds),
    },
  ],
})
export class JobsModule {}
