import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { EMBEDDER, Embedder } from '@rerank/contracts';
import { RetrievalEngine, engineOptionsOf, openRetrievalEngine } from '@rerank/retrieval';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { RETRIEVAL_ENGINE } from './retrieval.tokens';
import { EmbeddingsModule } from '../embeddings/embeddings.module';

@Injectable()
class RetrievalEngineCloser implements OnApplicationShutdown {
  constructor(@Inject(RETRIEVAL_ENGINE) private readonly engine: RetrievalEngine) {}

  onApplicationShutdown(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * Opens the retrieval engine once at boot (an unwritable DATA_DIR or an unreachable COLLECTIONS_URI
 * stops the gateway there, not at the first upload) and closes it on shutdown. HTTP code sees only the engine's interfaces.
 */
@Module({
  // Collections with an embedding model embed their documents and queries on the fleet.
  imports: [EmbeddingsModule],
  providers: [
    {
      provide: RETRIEVAL_ENGINE,
      inject: [GATEWAY_CONFIG, EMBEDDER],
      useFactory: (config: GatewayConfig, embedder: Embedder): Promise<RetrievalEngine> =>
        openRetrievalEngine(engineOptionsOf(config.retrieval, embedder)),
    },
    RetrievalEngineCloser,
  ],
  exports: [RETRIEVAL_ENGINE],
})
export class RetrievalModule {}
