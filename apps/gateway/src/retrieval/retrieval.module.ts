import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { RetrievalEngine, openRetrievalEngine } from '@rerank/retrieval';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { RETRIEVAL_ENGINE } from './retrieval.tokens';

@Injectable()
class RetrievalEngineCloser implements OnApplicationShutdown {
  constructor(@Inject(RETRIEVAL_ENGINE) private readonly engine: RetrievalEngine) {}

  onApplicationShutdown(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * Opens the retrieval engine once at boot (an unwritable DATA_DIR stops the gateway there, not
 * at the first upload) and closes it on shutdown. HTTP code sees only the engine's interfaces.
 */
@Module({
  providers: [
    {
      provide: RETRIEVAL_ENGINE,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig): RetrievalEngine => openRetrievalEngine({ dataDir: config.dataDir }),
    },
    RetrievalEngineCloser,
  ],
  exports: [RETRIEVAL_ENGINE],
})
export class RetrievalModule {}
