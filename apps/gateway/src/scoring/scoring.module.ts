import { Module } from '@nestjs/common';
import { ScoreDispatcherService } from './score-dispatcher.service';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener } from './score-results.listener';

@Module({
  providers: [ScoreQueuesService, ScoreResultsListener, ScoreDispatcherService],
  exports: [ScoreQueuesService, ScoreResultsListener, ScoreDispatcherService],
})
export class ScoringModule {}
