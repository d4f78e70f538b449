import { RetrievalEnv, retrievalEnvSchema } from './env-schema';
import { parseEnv } from './parse-env';

/** What the ingest CLI needs: the deployment's data directory. */
export interface RetrievalConfig {
  dataDir: string;
}

export function loadRetrievalConfig(env: NodeJS.ProcessEnv = process.env): RetrievalConfig {
  const parsed: RetrievalEnv = parseEnv(retrievalEnvSchema, env);
  return { dataDir: parsed.DATA_DIR };
}
