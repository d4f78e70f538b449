import { Embedder } from '@rerank/contracts';

/** Raised when a collection needs embeddings and the process has no embedding service. */
export class EmbeddingServiceMissingError extends Error {
  constructor() {
    super("no embedding service is wired: dense and hybrid collections need the fleet's bi-encoder (Embedder)");
    this.name = 'EmbeddingServiceMissingError';
  }
}

export function embedderOrFail(embedder: Embedder | undefined): Embedder {
  if (!embedder) throw new EmbeddingServiceMissingError();
  return embedder;
}
