import { ChunkSpan, WindowingOptions } from './long-documents';
import { BulkBatchPayload, BulkBatchResult } from './bulk-batch';
import { EmbedTextsPayload, EmbedTextsResult } from './embed-job';
import { JobName } from './queue-names';

/** One candidate document inside a scoring job; `index` is its position in the client's request. */
export interface ScoreDocument {
  index: number;
  text: string;
}

/** Payload of a `score-pairs` job: one query against a bounded slice of a request's documents. */
export interface ScorePairsPayload {
  /** Request id, carried so worker log lines can be joined with the gateway's. */
  requestId: string;
  model: string;
  query: string;
  documents: ScoreDocument[];
  /** Epoch milliseconds after which nobody waits for this job's result. */
  deadline: number;
  /**
   * Read documents longer than one window in overlapping windows. Absent: truncate them to one
   * window (what producers that predate windowing expect).
   */
  windowing?: WindowingOptions;
  /** Document tokens read at most (Cohere v2's `max_tokens_per_doc`); the rest is ignored. */
  maxDocumentTokens?: number;
  /** `left`: a too-long text keeps its end (TEI's `truncation_direction`). Absent: `right`, its start. */
  truncationDirection?: 'left' | 'right';
}

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
