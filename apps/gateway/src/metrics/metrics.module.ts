import { Module } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { PairBacklog, RedisClient, WorkerRegistry } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { ScoreQueuesModule } from '../scoring/score-queues.module';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [ScoreQueuesModule],
  controllers: [MetricsController],
  providers: [
    {
      provide: GatewayMetrics,
      inject: [GATEWAY_CONFIG, GATEWAY_REDIS, ScoreQueuesService, WorkerRegistry],
      useFactory: (config: GatewayConfig, redis: RedisClient, queues: ScoreQueuesService, registry: WorkerRegistry) => {
        const backlog = new PairBacklog(redis, config.queuePrefix);
        return new GatewayMetrics({
          models: () => config.models,
          queueDepth: (model, lane) => queues.queueFor(model, lane).getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          liveWorkers: (model) => registry.countLive(model),
          queuedPairs: (model) => backlog.count(queues.queueFor(model).name),
        });
      },
    },
  ],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
