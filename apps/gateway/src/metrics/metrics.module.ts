import { Global, Module } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { PairBacklog, WorkerRegistry , RedisClient } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { ScoringModule } from '../scoring/scoring.module';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsController } from './metrics.controller';

@Global()
@Module({
  imports: [ScoringModule],
  controllers: [MetricsController],
  providers: [
    {
      provide: GatewayMetrics,
      inject: [GATEWAY_CONFIG, GATEWAY_REDIS, ScoreQueuesService],
      useFactory: (config: GatewayConfig, redis: RedisClient, queues: ScoreQueuesService) => {
        const registry = new WorkerRegistry(redis, config.queuePrefix);
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
