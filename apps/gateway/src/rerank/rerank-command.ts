import type { ChunkAggregation, ChunkSpan } from '@rerank/contracts';

/** What `relevance_score` reports: sigmoid(logit) in (0, 1), or the logit itself. */
export const SCORE_MODES = ['sigmoid', 'raw'] as const;
export type ScoreMode = (typeof SCORE_MODES)[number];

/** Tokens consecutive windows share unless a request says otherwise (an eighth of a 512-token window). */
export const DEFAULT_STRIDE = 64;
/** Windows `mean` averages unless a request says otherwise. */
export const DEFAULT_MEAN_TOP_K = 3;

/** A candidate as every dialect hands it over: its text, and the id and metadata sent with it. */
export interface RerankDocument {
  text: string;
  id?: string | number;
  metadata?: Record<string, unknown>;
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
  /** Null for a document the deadline left unscored. */
  logit: number | null;
  /** sigmoid(logit) or the logit, per the request's score mode; null when unscored. */
  score: number | null;
  document: RerankDocument;
  /** The window that won, when the document was read in several. */
  bestChunk?: ChunkSpan;
}

export interface RerankOutcome {
  model: string;
  /** Best first, then any unscored documents in request order; at most `topN`. */
  results: RankedDocument[];
  /** Whether the deadline left documents unscored. */
  partial: boolean;
  documents: number;
  /** Real (unpadded) tokens scored. */
  totalTokens: number;
}
