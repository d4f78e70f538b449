import { WindowingOptions } from './long-documents';

/** One candidate of a bulk job's query: the client's id and the text to score. */
export interface BulkCandidate {
  id: string;
  text: string;
}

/**
 * A query's slice inside one batch. A query with more candidates than a batch holds is spread
 * over consecutive batches, each carrying the same `queryIndex`.
 */
export interface BulkBatchQuery {
  /** Position of the query's line in the upload (0-based); keys its results. */
  queryIndex: number;
  query: string;
  candidates: BulkCandidate[];
}

/** Payload of a `score-bulk-batch` job: a bounded slice of one bulk job's pairs. */
export interface BulkBatchPayload {
  /** The bulk job (`POST /v1/jobs`) this batch belongs to. */
  jobId: string;
  /** Position of the batch in its job (0-based). */
  batch: number;
  model: string;
  queries: BulkBatchQuery[];
  /** Read documents longer than one window in windows, as /v1/rerank does; absent: truncate them. */
  windowing?: WindowingOptions;
}

/** Result of a `score-bulk-batch` job. Scores themselves go to the job's result store, not here. */
export interface BulkBatchResult {
  /** Pairs in the batch. */
  pairs: number;
  /** Pairs whose score this run stored; 0 when an earlier run of the same batch already had. */
  written: number;
  /**
   * True when the job was no longer active (cancelled, failed, completed, expired) and nothing was
   * stored; a batch that finds so before scoring scores nothing either.
   */
  skipped: boolean;
  workerId: string;
}
