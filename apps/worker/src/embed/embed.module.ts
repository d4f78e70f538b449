import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { bullPrefixFor } from '@rerank/queue';
import { kindOf } from '../score/model-scorers';
import { embedProcessorFor } from './embed.processor';

@Module({})
export class EmbedModule {
  /**
   * Binds an embed processor to both lanes' queues of each served bi-encoder. The embedders are
   * the ones ScoreModule loaded (MODEL_SCORERS), so both lanes share each model's batcher.
   */
  static forModels(config: WorkerConfig): DynamicModule {
    const models = config.models.filter((model) => kindOf(model) === 'bi-encoder').map((model) => model.name);
    // The scoring lanes' stalled-job handling (ScoreModule): a killed worker's job is handed on within about one interval.
    const stalled = { stalledInterval: config.stalledIntervalMs, lockDuration: config.stalledIntervalMs, maxStalledCount: 2 };
    const lanes = [
      { lane: Lane.Interactive, options: { ...stalled, concurrency: config.concurrency } },
      { lane: Lane.Bulk, options: { ...stalled, concurrency: config.bulk.concurrency } },
    ];
    return {
      module: EmbedModule,
      imports: [
        BullModule.registerQueue(
          ...models
            .flatMap((model) => lanes.map(({ lane }) => scoreQueueName(model, lane)))
            .map((name) => ({ name, prefix: bullPrefixFor(config.redis, config.queuePrefix, name) })),
        ),
      ],
      providers: models.flatMap((model) => lanes.map(({ lane, options }) => embedProcessorFor(model, lane, options))),
    };
  }
}
