import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { FleetModelsService } from './fleet-models.service';
import { ScoreDispatcherService } from './score-dispatcher.service';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener } from './score-results.listener';

@Module({
  providers: [ScoreQueuesService, ScoreResultsListener, ScoreDispatcherService, FleetModelsService],
  exports: [ScoreQueuesService, ScoreResultsListener, ScoreDispatcherService, FleetModelsService],
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
