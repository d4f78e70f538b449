import { BulkJobRecord } from '@rerank/bulk-jobs';
import { JobStatusResponse } from './jobs-response';

const iso = (epochMs: number | undefined) => (epochMs === undefined ? null : new Date(epochMs).toISOString());

/**
 * A job's record as GET /v1/jobs/:id answers it. Throughput counts from the first stored score
 * (queue wait before it is not scoring speed) to now, or to the end for a finished job; the ETA
 * is what is left at that rate, null while no rate is known.
 */
export function jobStatus(job: BulkJobRecord, now = Date.now()): JobStatusResponse {
  const active = job.state === 'queued' || job.state === 'running';
  const until = active ? now : (job.finishedAt ?? now);
  const seconds = job.startedAt === undefined ? 0 : (until - job.startedAt) / 1000;
  const rate = seconds > 0 ? job.pairsDone / seconds : null;
  let eta: number | null = null;
  if (job.state === 'completed') eta = 0;
  else if (active && rate !== null && rate > 0) eta = Math.ceil((job.pairsTotal - job.pairsDone) / rate);
  const status: JobStatusResponse = {
    id: job.id,
    state: job.state,
    model: job.model,
    queries: job.queries,
    pairs: { done: job.pairsDone, total: job.pairsTotal },
    created_at: iso(job.createdAt) as string,
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    pairs_per_second: rate === null ? null : Math.round(rate * 10) / 10,
    eta_seconds: eta,
  };
  if (job.topN !== undefined) status.top_n = job.topN;
  if (job.failedReason !== undefined) status.failed_reason = job.failedReason;
  return status;
}
