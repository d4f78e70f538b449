/** Where a bulk job stands. `completed`, `failed` and `cancelled` are final. */
export const BULK_JOB_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type BulkJobState = (typeof BULK_JOB_STATES)[number];

/** States in which batches are still scored and their results stored. */
export function isActive(state: BulkJobState | undefined): state is 'queued' | 'running' {
  return state === 'queued' || state === 'running';
}

/** What a bulk job is made of, known once its upload has been validated. */
export interface NewBulkJob {
  id: string;
  model: string;
  /** Results kept per query (the best `topN`); undefined keeps every candidate. */
  topN?: number;
  queries: number;
  pairsTotal: number;
  batches: number;
  /** Request id of the upload, for joining logs. */
  requestId: string;
  createdAt: number;
  /**
   * Until when (epoch ms) the gateway enqueueing the job's batches vouches for it; renewed as
   * it goes and cleared once every batch is enqueued. Past it, that gateway is gone.
   */
  enqueueLeaseUntil?: number;
}

/** A bulk job's record as stored in Redis. */
export interface BulkJobRecord extends NewBulkJob {
  state: BulkJobState;
  pairsDone: number;
  /** When the first score was stored. */
  startedAt?: number;
  /** When the job reached a final state. */
  finishedAt?: number;
  failedReason?: string;
}

/** One query's entry in a batch manifest: `[queryIndex, queryId, candidates in the whole query]`. */
export type ManifestEntry = [queryIndex: number, queryId: string, candidates: number];

/** Scores of one query slice, as a worker stores them: candidate id and logit. */
export interface QueryScores {
  queryIndex: number;
  scores: [id: string, logit: number][];
}

/** What storing a batch's scores did. */
export interface StoreOutcome {
  /** Pairs newly stored; 0 when an earlier run of the batch stored them all. */
  written: number;
  /** Pairs stored for the whole job so far; -1 when the job was no longer active and nothing was stored. */
  pairsDone: number;
  /** The job's state after the write; undefined when the job no longer exists. */
  state: BulkJobState | undefined;
}
