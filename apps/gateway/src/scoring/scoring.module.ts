import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { CachedScoringService } from './cached-scoring.service';
import { FleetModelsService } from './fleet-models.service';
import { ModelIdentityService } from './model-identity.service';
import { QueueBackpressureService } from './queue-backpressure.service';
import { ScoreCache } from './score-cache';
import { ScoreDispatcherService } from './score-dispatcher.service';
import { ScoreQueuesModule } from './score-queues.module';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener } from './score-results.listener';

@Module({
  imports: [ScoreQueuesModule, MetricsModule],
  providers: [
    ScoreResultsListener,
    ScoreDispatcherService,
    FleetModelsService,
    QueueBackpressureService,
    ScoreCache,
    ModelIdentityService,
    CachedScoringService,
  ],
  exports: [
    ScoreQueuesModule,
    ScoreResultsListener,
    ScoreDispatcherService,
    FleetModelsService,
    CachedScoringService,
    QueueBackpressureService,
  ],
})
export class ScoringModule implements OnApplicationBootstrap {
  constructor(
    private readonly queues: ScoreQueuesService,
    private readonly results: ScoreResultsListener,
  ) {}

  /** Subscribes to the served models' completions before the first request arrives. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.queues.models.map((model) => this.results.listen(this.queues.queueFor(model).name)));
  }
}
