import { JobsOptions } from 'bullmq';
import { JobName } from '@rerank/contracts';

/**
 * The one place job options are decided. Completed scoring jobs are removed at once: their
 * result travels to the gateway in the completion event (interactive) or is already in the bulk
 * job's result store (bulk), so nothing needs to stay in Redis.
 */
export function jobOptionsFor(name: JobName, jobId: string): JobsOptions {
  switch (name) {
    case JobName.ScorePairs:
    // Vectors travel to the gateway in the completion event, as interactive scores do.
    case JobName.EmbedTexts:
      return {
        jobId,
        attempts: 3,
        backoff: { type: 'exponential', delay: 250 },
        removeOnComplete: true,
        removeOnFail: { age: 3600, count: 1000 },
      };
    case JobName.ScoreBulkBatch:
      // A batch's scores are in the job's result store once it completes, so its payload (the
      // texts) leaves Redis at once. Retries are generous: nobody waits on a clock for bulk work.
      return {
        jobId,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600, count: 10_000 },
      };
  }
}
