import { Module } from '@nestjs/common';
import { EMBEDDER } from '@rerank/contracts';
import { ScoringModule } from '../scoring/scoring.module';
import { EmbeddingDispatcherService } from './embedding-dispatcher.service';
import { EmbeddingsService } from './embeddings.service';
import { FleetEmbedder } from './fleet-embedder';
import { OpenAiEmbeddingsController } from './openai/openai-embeddings.controller';
import { TeiEmbedController } from './tei/tei-embed.controller';

/**
 * Embeddings computed by the fleet's bi-encoders: the EMBEDDER the first stage uses, and thin
 * dialect controllers over one EmbeddingsService (OpenAI's POST /v1/embeddings, TEI's POST /embed).
 */
@Module({
  imports: [ScoringModule],
  controllers: [OpenAiEmbeddingsController, TeiEmbedController],
  providers: [EmbeddingDispatcherService, EmbeddingsService, FleetEmbedder, { provide: EMBEDDER, useExisting: FleetEmbedder }],
  exports: [EMBEDDER],
})
export class EmbeddingsModule {}
