import { slotTag } from './slot-tag';

/**
 * Redis keys of a bulk job. Everything of a job lives under one root, sized so no single value
 * holds a whole job's input or output: a small record, one manifest per batch, one score hash
 * per query. On a cluster the job id is the root's hash tag: the scripts that store scores touch
 * the record and score hashes together, and different jobs spread over the shards.
 */
export const bulkJobKeys = {
  /** Hash: the job's record (state, model, counters, timestamps). */
  record: (prefix: string, jobId: string, cluster = false) => `${prefix}:bulk:${slotTag(jobId, cluster)}`,
  /** String: JSON `[queryIndex, queryId, candidates][]` of the queries in one batch, in upload order. */
  manifest: (prefix: string, jobId: string, batch: number, cluster = false) =>
    `${prefix}:bulk:${slotTag(jobId, cluster)}:manifest:${batch}`,
  /** Hash: candidate id → logit of one query, written once per (job, query, document). */
  scores: (prefix: string, jobId: string, queryIndex: number, cluster = false) =>
    `${prefix}:bulk:${slotTag(jobId, cluster)}:scores:${queryIndex}`,
};

/** BullMQ job id of one batch of a bulk job (BullMQ forbids ':' in custom ids). */
export function bulkBatchJobId(jobId: string, batch: number): string {
  return `${bulkBatchJobIdPrefix(jobId)}${batch}`;
}

/** What every batch job id of a bulk job starts with. */
export function bulkBatchJobIdPrefix(jobId: string): string {
  return `bulk.${jobId}.`;
}
