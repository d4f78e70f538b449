import { Module } from '@nestjs/common';
import { ScoreQueuesService } from './score-queues.service';

/**
 * The score queues on their own, so that metrics can read their depth while scoring records
 * into metrics, without the two modules importing each other.
 */
@Module({
  providers: [ScoreQueuesService],
  exports: [ScoreQueuesService],
})
export class ScoreQueuesModule {}
