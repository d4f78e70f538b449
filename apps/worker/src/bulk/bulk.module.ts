import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RedisClient, bullPrefixFor } from '@rerank/queue';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { BulkJobStore } from '@rerank/bulk-jobs';
import { WORKER_CONFIG, WORKER_REDIS } from '../worker.tokens';
import { BulkBatchService } from './bulk-batch.service';
import { bulkProcessorFor } from './bulk.processor';
import { kindOf } from '../score/model-scorers';

@Module({})
export class BulkModule {
  /**
   * Binds one processor to each served model's bulk queue. The models' scorers are the ones the
   * interactive lane loaded (MODEL_SCORERS), so both lanes share each model's session and batcher.
   */
  static forModels(config: WorkerConfig): DynamicModule {
    // A killed worker's batch is handed on within three intervals at worst, and one that kills
    // workers fails for good. Not the interactive lane's short lock: nobody waits on a clock here.
    const workerOptions = {
      concurrency: config.bulk.concurrency,
      stalledInterval: config.stalledIntervalMs,
      lockDuration: config.stalledIntervalMs,
      maxStalledCount: 2,
    };
    // A bi-encoder's bulk queue carries document embeddings instead (EmbedModule).
    const crossEncoders = config.models.filter((model) => kindOf(model) === 'cross-encoder');
    return {
      module: BulkModule,
      imports: [
        BullModule.registerQueue(
          ...crossEncoders
            .map((model) => scoreQueueName(model.name, Lane.Bulk))
            .map((name) => ({ name, prefix: bullPrefixFor(config.redis, config.queuePrefix, name) })),
        ),
      ],
      providers: [
        ...crossEncoders.map((model) => bulkProcessorFor(model.name, workerOptions)),
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
