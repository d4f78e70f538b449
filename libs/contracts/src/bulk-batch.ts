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
