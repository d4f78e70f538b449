import { existsSync } from 'node:fs';
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
  /** Open even though DATA_DIR still holds the SQLite engine's file (the migration does). */
  allowSqliteFile?: boolean;
}

/** Where the collections of a deployment live. */
export function collectionsUri(options: Pick<RetrievalEngineOptions, 'dataDir' | 'uri'>): string {
  return options.uri ?? join(options.dataDir, LANCE_DIRECTORY);
}

/**
 * Opens the deployment's retrieval engine (LanceDB). Another engine is chosen here, behind the
 * same interfaces, without touching the gateway.
 */
export async function openRetrievalEngine(options: RetrievalEngineOptions): Promise<RetrievalEngine> {
  // Collections written by the SQLite engine would look lost; stop at start-up and say how to move them.
  if (!options.allowSqliteFile && existsSync(join(options.dataDir, 'collections.db'))) {
    throw new Error(
      `${join(options.dataDir, 'collections.db')} holds collections of the SQLite engine, which LanceDB replaced: ` +
        'move them with `npm run migrate:collections` (same DATA_DIR), then start again',
    );
  }
  return LanceRetrievalEngine.open({
    ...options,
    uri: collectionsUri(options),
    readConsistencySeconds: options.readConsistencySeconds ?? 1,
  });
}

/** The engine's options from the parsed environment (RetrievalConfig of @rerank/config). */
export function engineOptionsOf(
  config: {
    dataDir: string;
    collectionsUri?: string;
    readConsistencySeconds: number;
    optimizeDelayMs: number;
    prewarmIndexes?: boolean;
    denseNprobes?: number;
  },
  embedder?: Embedder,
): RetrievalEngineOptions {
  return {
    dataDir: config.dataDir,
    uri: config.collectionsUri,
    readConsistencySeconds: config.readConsistencySeconds,
    optimizeDelayMs: config.optimizeDelayMs,
    prewarmIndexes: config.prewarmIndexes,
    vectorIndex: config.denseNprobes === undefined ? undefined : { nprobes: config.denseNprobes },
    embedder,
  };
}
