import { RetrievalEnv, retrievalEnvSchema } from './env-schema';
import { parseEnv } from './parse-env';

/** Where collections live and how they are kept: read by the gateway and the CLIs (ingest, migrate). */
export interface RetrievalConfig {
  dataDir: string;
  /** A directory or `s3://…` URI; undefined: DATA_DIR/lance. */
  collectionsUri?: string;
  /** How stale (seconds) a gateway's view of another gateway's writes may be. */
  readConsistencySeconds: number;
  optimizeDelayMs: number;
  /** Load a collection's search indexes into memory on its first search (COLLECTIONS_PREWARM_INDEXES). */
  prewarmIndexes: boolean;
  /** IVF partitions a dense search reads (SEARCH_DENSE_NPROBES). */
  denseNprobes: number;
  rrfK: number;
}

export function retrievalConfigOf(parsed: RetrievalEnv): RetrievalConfig {
  const config: RetrievalConfig = {
    dataDir: parsed.DATA_DIR,
    readConsistencySeconds: parsed.COLLECTIONS_READ_CONSISTENCY_S,
    optimizeDelayMs: parsed.COLLECTIONS_OPTIMIZE_DELAY_MS,
    prewarmIndexes: parsed.COLLECTIONS_PREWARM_INDEXES === 'on',
    denseNprobes: parsed.SEARCH_DENSE_NPROBES,
    rrfK: parsed.SEARCH_RRF_K,
  };
  if (parsed.COLLECTIONS_URI !== undefined) config.collectionsUri = parsed.COLLECTIONS_URI;
  return config;
}

export function loadRetrievalConfig(env: NodeJS.ProcessEnv = process.env): RetrievalConfig {
  return retrievalConfigOf(parseEnv(retrievalEnvSchema, env));
}
