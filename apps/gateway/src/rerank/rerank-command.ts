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
  /** Best first, at most `topN`. */
  results: RankedDocument[];
  documents: number;
  /** Real (unpadded) tokens scored. */
  totalTokens: number;
}
