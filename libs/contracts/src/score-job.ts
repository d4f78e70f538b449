import { ChunkSpan } from './long-documents';
import { BulkBatchResult } from './bulk-batch';
import type { BulkBatchPayload } from './bulk-batch.validation';
import { EmbedTextsResult } from './embed-job';
import type { EmbedTextsPayload } from './embed-job.validation';
import { JobName } from './queue-names';
import type { ScorePairsPayload } from './score-job.validation';

export interface PairScore {
  index: number;
  /** The document's logit: its one pair's, or its windows' aggregated. */
  logit: number;
  /** Windows the document was read in; absent when it fit in one. */
  windows?: number;
  /** The window that won (for `mean`, the best of those averaged); absent when it fit in one. */
  bestChunk?: ChunkSpan;
  /** Real (unpadded) tokens the document's pairs held, all windows together. Absent from workers that predate it. */
  tokens?: number;
}

/** Result of a `score-pairs` job, in the order of the payload's documents. */
export interface ScorePairsResult {
  scores: PairScore[];
  /** Tokens fed to the model including padding, and the real tokens among them. */
  paddedTokens: number;
  realTokens: number;
  /**
   * Milliseconds of model runs spent on this job's pairs (its share of runs shared with other
   * jobs): pairs / busy time is the worker's scoring speed, whatever the traffic. Absent from
   * workers that predate it.
   */
  busyMs?: number;
  workerId: string;
}

/** Maps each job name to its payload and result, so a processor cannot receive the wrong shape. */
export interface JobTypes {
  [JobName.ScorePairs]: { payload: ScorePairsPayload; result: ScorePairsResult };
  [JobName.ScoreBulkBatch]: { payload: BulkBatchPayload; result: BulkBatchResult };
  [JobName.EmbedTexts]: { payload: EmbedTextsPayload; result: EmbedTextsResult };
}
