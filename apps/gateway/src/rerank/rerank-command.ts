import type { ChunkAggregation, ChunkSpan } from '@rerank/contracts';

/** What `relevance_score` reports: sigmoid(logit) in (0, 1), or the logit itself. */
export const SCORE_MODES = ['sigmoid', 'raw'] as const;
export type ScoreMode = (typeof SCORE_MODES)[number];

/** Tokens consecutive windows share unless a request says otherwise (an eighth of a 512-token window). */
export const DEFAULT_STRIDE = 64;
/** Windows `mean` averages unless a request says otherwise. */
export const DEFAULT_MEAN_TOP_K = 3;

/** A candidate as every dialect hands it over: the text to rank, and the id and metadata sent with it. */
export interface RerankDocument {
  text: string;
  id?: string | number;
  metadata?: Record<string, unknown>;
  /** The object the client sent, echoed whole with `return_documents`; absent for a string. */
  source?: Record<string, unknown>;
}

/** How documents longer than the model's window are read. Unset fields take the service's defaults. */
export interface LongDocumentPolicy {
  /** Cut each document to one window (the pre-windowing behaviour) instead of reading it all. */
  truncate?: boolean;
  aggregation?: ChunkAggregation;
  maxChunksPerDoc?: number;
  stride?: number;
  meanTopK?: number;
  /** Document tokens read at most, windows or not (Cohere v2's `max_tokens_per_doc`). */
  maxTokensPerDoc?: number;
  /** `left`: a too-long text keeps its end, not its start (TEI's `truncation_direction`). */
  truncationDirection?: 'left' | 'right';
}

/** One rerank request, whichever API dialect it came in. */
export interface RerankCommand {
  requestId: string;
  model?: string;
  query: string;
  documents: RerankDocument[];
  /** The request's name for its documents, for error messages (`documents`, or TEI's `texts`). */
  documentsField: string;
  topN?: number;
  scoreMode: ScoreMode;
  longDocuments: LongDocumentPolicy;
  /** Milliseconds from arrival the client waits for scores; default RERANK_REQUEST_TIMEOUT_MS. */
  deadlineMs?: number;
  /** Answer the documents scored by the deadline, the rest after them, instead of 504 (default true). */
  partial?: boolean;
}

export interface RankedDocument {
  /** Position of the document in the request. */
  index: number;
  logit: number;
  /** sigmoid(logit) or the logit, per the request's score mode. */
  score: number;
  document: RerankDocument;
  /** The window that won, when the document was read in several. */
  bestChunk?: ChunkSpan;
}

export interface RerankOutcome {
  model: string;
  /**
   * The scored documents, best first; at most `topN`. A document the deadline left unscored is
   * in none: no dialect has a place for a score that is not a number.
   */
  results: RankedDocument[];
  /** Request positions of the documents the deadline left unscored, in request order. */
  unscored: number[];
  /** Whether the deadline left documents unscored. */
  partial: boolean;
  documents: number;
  /** Real (unpadded) tokens of the scored documents' pairs, answered from the score cache or not. */
  totalTokens: number;
  /** Of `totalTokens`, those answered from the score cache. */
  cachedTokens: number;
}
