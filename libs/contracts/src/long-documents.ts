/**
 * How a document longer than the model's window is read: the vocabulary shared by the gateway
 * (which takes it from requests) and the workers (which window, score and aggregate).
 */

/** How a document's window scores become its score. */
export const CHUNK_AGGREGATIONS = ['max', 'first', 'mean'] as const;
export type ChunkAggregation = (typeof CHUNK_AGGREGATIONS)[number];

/** Bounds both borders enforce: the gateway on requests and its config, the worker on payloads. */
export const LONG_DOCUMENT_LIMITS = {
  /** Most windows one document may be read in. */
  maxChunksPerDoc: 256,
  /** Most tokens consecutive windows may share. */
  stride: 256,
} as const;

/** Windowing of long documents, as a scoring job carries it. */
export interface WindowingOptions {
  aggregation: ChunkAggregation;
  /** How many of the best windows `mean` averages. */
  meanTopK: number;
  /** Most windows read per document; the rest of a longer document is ignored. */
  maxChunks: number;
  /** Document tokens shared by consecutive windows (clamped by the worker to half a window). */
  stride: number;
}

/** Where the winning window lies in the document, in Unicode code points: `[...text].slice(start, end)`. */
export interface ChunkSpan {
  start: number;
  end: number;
}
