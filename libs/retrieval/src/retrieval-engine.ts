import { join } from 'node:path';
import { Embedder } from '@rerank/contracts';
import { RetrievalEngine } from './retriever';
import { LanceEngineOptions, LanceRetrievalEngine } from './lance/lance-retrieval.engine';

/** The store's directory under DATA_DIR when no COLLECTIONS_URI is given. */
export const LANCE_DIRECTORY = 'lance';

export interface RetrievalEngineOptions extends Partial<Omit<LanceEngineOptions, 'uri' | 'embedder'>> {
  /** DATA_DIR: the store is DATA_DIR/lance unless `uri` says otherwise. */
  dataDir: string;
  /** COLLECTIONS_URI: a directory or `s3://…` shared by every gateway. */
  uri?: string;
  embedder?: Embedder;
}

/** Where the collections of a deployment live. */
export function collectionsUri(options: Pick<RetrievalEngineOptions, 'dataDir' | 'uri'>): string {
  return options.uri ?? join(options.dataDir, LANCE_DIRECTORY);
}

/**
 * Opens the deployment's retrieval engine (LanceDB). Another engine is chosen here, behind the
 * same interfaces, without touching the gateway.
 */
export function openRetrievalEngine(options: RetrievalEngineOptions): Promise<RetrievalEngine> {
  return LanceRetrievalEngine.open({
    ...options,
    uri: collectionsUri(options),
    readConsistencySeconds: options.readConsistencySeconds ?? 1,
  });
}

/** The engine's options from the parsed environment (RetrievalConfig of @rerank/config). */
export function engineOptionsOf(
  config: { dataDir: string; collectionsUri?: string; readConsistencySeconds: number; optimizeDelayMs: number },
  embedder?: Embedder,
): RetrievalEngineOptions {
  return {
    dataDir: config.dataDir,
    uri: config.collectionsUri,
    readConsistencySeconds: config.readConsistencySeconds,
    optimizeDelayMs: config.optimizeDelayMs,
    embedder,
  };
}
