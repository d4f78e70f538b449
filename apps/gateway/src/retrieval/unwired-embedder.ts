import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Embedder } from '@rerank/contracts';

/**
 * Stands in for the fleet's embedding service until it is wired (EMBEDDER): every call fails
 * with a 503 that says so, so a collection with an embedding model cannot half-work.
 */
@Injectable()
export class UnwiredEmbedder implements Embedder {
  async embed(model: string): Promise<Float32Array[]> {
    throw new ServiceUnavailableException(`no embedding service is wired: cannot embed with "${model}"`);
  }

  async dimensions(model: string): Promise<number | undefined> {
    throw new ServiceUnavailableException(`no embedding service is wired: cannot embed with "${model}"`);
  }
}
