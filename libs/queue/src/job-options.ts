import { JobsOptions } from 'bullmq';
import { JobName } from '@rerank/contracts';

/**
 * The one place job options are decided. Completed scoring jobs are removed at once: their
 * result travels to the gateway in the completion event, so nothing needs to stay in Redis.
 */
export function jobOptionsFor(name: JobName, jobId: string): JobsOptions {
  switch (name) {
    case JobName.ScorePairs:
      return {
        jobId,
        attempts: 3,
        backoff: { type: 'exponential', delay: 250 },
        removeOnComplete: true,
        removeOnFail: { age: 3600, count: 1000 },
      };
  }
}
