/** The lane a piece of fleet work rides on: live requests first, bulk work after them. */
export type EmbeddingLane = 'interactive' | 'bulk';

export interface EmbedOptions {
  lane: EmbeddingLane;
  /** Epoch milliseconds after which the caller no longer wants the vectors. */
  deadline?: number;
  /** Carried into worker logs. */
  requestId?: string;
}

/**
 * Text embeddings computed by the worker fleet with a bi-encoder model (mean pooling, L2
 * normalisation). The gateway's first stage depends on this interface only.
 */
export interface Embedder {
  /** One L2-normalised vector per text, in input order. Throws when the model is unknown or not served. */
  embed(model: string, texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]>;
  /** The vector size of `model` as its workers report it, or undefined before any worker has. */
  dimensions(model: string): Promise<number | undefined>;
}

/** Nest injection token for the gateway's {@link Embedder}. */
export const EMBEDDER = Symbol('EMBEDDER');
