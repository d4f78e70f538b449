import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { JobLockKeeper, bullPrefixFor } from '@rerank/queue';
import { MetricsEndpoint } from '../metrics/metrics-endpoint';
import { MetricsModule } from '../metrics/metrics.module';
import { JOB_LOCK_KEEPER, METRICS_ENDPOINT, MODEL_SCORERS, WORKER_CONFIG } from '../worker.tokens';
import { ModelScorers, kindOf } from './model-scorers';
import { ScoreWorkerOptions, scoreProcessorFor } from './score.processor';

@Module({})
export class ScoreModule {
  /** Loads every served model (both kinds) and binds a score processor to each cross-encoder's queue. */
  static forModels(config: WorkerConfig, workerId: string): DynamicModule {
    // A dead worker's job moves at the first stalled check after its lock expired: at most one
    // lock after the death, plus up to two check intervals (the dead worker may have run the last
    // check, whose marker makes the survivors skip their next). Checks every sixth of the lock
    // bound that at 4/3 of the lock. The lock is renewed off the event loop (JobLockKeeper), so it
    // can be short although tokenizing a large job blocks the loop for seconds.
    const workerOptions: ScoreWorkerOptions = {
      concurrency: config.concurrency,
      lockDuration: config.scoreLockMs,
      stalledInterval: Math.ceil(config.scoreLockMs / 6),
      // The thread connects to a single server only: with Sentinel or a cluster BullMQ renews.
      skipLockRenewal: config.redis.mode === 'single',
      maxStalledCount: 2,
      // Stored on each job as it starts (processedBy), so an operator can see who holds it.
      name: workerId,
    };
    const crossEncoders = config.models.filter((model) => kindOf(model) === 'cross-encoder');
    return {
      module: ScoreModule,
      imports: [
        MetricsModule.forConfig(config),
        BullModule.registerQueue(
          ...crossEncoders
            .map((model) => scoreQueueName(model.name))
            .map((name) => ({ name, prefix: bullPrefixFor(config.redis, config.queuePrefix, name) })),
        ),
      ],
      providers: [
        ...crossEncoders.map((model) => scoreProcessorFor(model.name, workerOptions)),
        {
          provide: JOB_LOCK_KEEPER,
          useFactory: () =>
            config.redis.mode === 'single'
              ? JobLockKeeper.start({ redisUrl: config.redis.url, prefix: config.queuePrefix, lockMs: config.scoreLockMs })
              : null,
        },
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
