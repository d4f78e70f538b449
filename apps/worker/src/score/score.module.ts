import { DynamicModule, Module } from '@nestjs/common';
import { BullModule, Processor } from '@nestjs/bullmq';
import { scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { CrossEncoderScorer } from '@rerank/scoring';
import { CROSS_ENCODER, WORKER_CONFIG } from '../worker.tokens';
import { ScoreProcessor } from './score.processor';

@Module({})
export class ScoreModule {
  /** Binds the processor to the queue of the model this worker serves and loads the model. */
  static forModel(config: WorkerConfig): DynamicModule {
    Processor(scoreQueueName(config.model.name), {
      concurrency: config.concurrency,
      stalledInterval: config.stalledIntervalMs,
      maxStalledCount: 2,
    })(ScoreProcessor);
    return {
      module: ScoreModule,
      imports: [BullModule.registerQueue({ name: scoreQueueName(config.model.name) })],
      providers: [
        ScoreProcessor,
        {
          provide: CROSS_ENCODER,
          inject: [WORKER_CONFIG],
          useFactory: (workerConfig: WorkerConfig) =>
            CrossEncoderScorer.load({
              model: workerConfig.model,
              runtime: workerConfig.runtime,
              batch: workerConfig.batch,
            }),
        },
      ],
      exports: [CROSS_ENCODER],
    };
  }
}
