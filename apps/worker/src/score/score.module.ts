import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { bullPrefixFor } from '@rerank/queue';
import { MetricsEndpoint } from '../metrics/metrics-endpoint';
import { METRICS_ENDPOINT, MODEL_SCORERS, WORKER_CONFIG } from '../worker.tokens';
import { ModelScorers } from './model-scorers';
import { scoreProcessorFor } from './score.processor';

@Module({})
export class ScoreModule {
  /** Loads every served model and binds one processor to each model's queue. */
  static forModels(config: WorkerConfig): DynamicModule {
    // A job's lock lasts as long as the stalled interval (BullMQ's defaults are equal too): a job
    // whose worker was killed is only handed on once its lock has expired, so a short interval
    // with BullMQ's 30 s lock would still leave the job stuck for 30 s.
    const workerOptions = {
      concurrency: config.concurrency,
      stalledInterval: config.stalledIntervalMs,
      lockDuration: config.stalledIntervalMs,
      maxStalledCount: 2,
    };
    return {
      module: ScoreModule,
      imports: [
        BullModule.registerQueue(
          ...config.models
            .map((model) => scoreQueueName(model.name))
            .map((name) => ({ name, prefix: bullPrefixFor(config.redis, config.queuePrefix, name) })),
        ),
      ],
      providers: [
        ...config.models.map((model) => scoreProcessorFor(model.name, workerOptions)),
        {
          provide: MODEL_SCORERS,
          inject: [WORKER_CONFIG, METRICS_ENDPOINT],
          useFactory: (workerConfig: WorkerConfig, metrics: MetricsEndpoint | null) => ModelScorers.load(workerConfig, metrics?.metrics),
        },
      ],
      exports: [MODEL_SCORERS],
    };
  }
}
