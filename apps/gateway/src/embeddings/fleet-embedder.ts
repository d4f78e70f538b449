import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Embedder, EmbedOptions, Lane } from '@rerank/contracts';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { EmbeddingDispatcherService } from './embedding-dispatcher.service';

/**
 * The gateway's {@link Embedder}: vectors computed by the worker fleet's bi-encoders, queries on
 * the interactive lane, documents on the bulk lane. What collections and search depend on.
 */
@Injectable()
export class FleetEmbedder implements Embedder {
  constructor(
    private readonly dispatcher: EmbeddingDispatcherService,
    private readonly fleet: FleetModelsService,
  ) {}

  async embed(model: string, texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const outcome = await this.dispatcher.dispatch({
      requestId: options.requestId ?? randomUUID(),
      model,
      texts,
      lane: options.lane === 'bulk' ? Lane.Bulk : Lane.Interactive,
      deadline: options.deadline,
    });
    return outcome.vectors;
  }

  async dimensions(model: string): Promise<number | undefined> {
    return this.fleet.dimensionsOf(model);
  }
}
