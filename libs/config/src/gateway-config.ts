import { AuthConfig, authFromEnv } from './auth-config';
import { GatewayEnv, gatewayEnvSchema } from './env-schema';
import { modelsFromEnv } from './model-list';
import { parseEnv } from './parse-env';

export interface GatewayConfig {
  port: number;
  host: string;
  redisUrl: string;
  queuePrefix: string;
  /** Name of the model requests default to (the first of `models`). */
  defaultModel: string;
  /** Names of the models this gateway routes to; workers serving one register under its name. */
  models: string[];
  logLevel: GatewayEnv['LOG_LEVEL'];
  maxDocuments: number;
  maxQueryChars: number;
  maxDocumentChars: number;
  bodyLimitBytes: number;
  jobDocuments: number;
  requestTimeoutMs: number;
  /** Default and upper bound of a request's `max_chunks_per_doc`. */
  maxChunksPerDoc: number;
  /** Where the embedded retrieval engine keeps its database file. */
  dataDir: string;
  /** Documents written per transaction by an upload. */
  collectionBatchDocuments: number;
  /** Body limit of a JSON-array document upload (NDJSON uploads stream and have none). */
  collectionJsonLimitBytes: number;
  /** Longest NDJSON line (one document) accepted. */
  collectionLineLimitChars: number;
  /** Most first-stage candidates (and results) one search may ask for. */
  maxCandidates: number;
  auth: AuthConfig;
  /** Per API key and minute; 0 = unlimited. */
  rateLimits: { requestsPerMinute: number; pairsPerMinute: number };
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = parseEnv(gatewayEnvSchema, env);
  const models = modelsFromEnv(parsed).map((model) => model.name);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    defaultModel: models[0],
    models,
    logLevel: parsed.LOG_LEVEL,
    maxDocuments: parsed.RERANK_MAX_DOCUMENTS,
    auth: authFromEnv(parsed),
    rateLimits: { requestsPerMinute: parsed.RERANK_RATE_LIMIT_REQUESTS, pairsPerMinute: parsed.RERANK_RATE_LIMIT_PAIRS },
    maxQueryChars: parsed.RERANK_MAX_QUERY_CHARS,
    maxDocumentChars: parsed.RERANK_MAX_DOCUMENT_CHARS,
    bodyLimitBytes: parsed.RERANK_BODY_LIMIT_BYTES,
    jobDocuments: parsed.RERANK_JOB_DOCUMENTS,
    requestTimeoutMs: parsed.RERANK_REQUEST_TIMEOUT_MS,
    maxChunksPerDoc: parsed.RERANK_MAX_CHUNKS_PER_DOC,
    dataDir: parsed.DATA_DIR,
    collectionBatchDocuments: parsed.COLLECTION_BATCH_DOCUMENTS,
    collectionJsonLimitBytes: parsed.COLLECTION_JSON_LIMIT_BYTES,
    collectionLineLimitChars: parsed.COLLECTION_LINE_LIMIT_CHARS,
    maxCandidates: parsed.SEARCH_MAX_CANDIDATES,
  };
}
