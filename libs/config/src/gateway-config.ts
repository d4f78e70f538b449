import { AuthConfig, authFromEnv } from './auth-config';
import { GatewayEnv, gatewayEnvSchema } from './env-schema';
import { RetrievalConfig, retrievalConfigOf } from './retrieval-config';
import { modelsFromEnv } from './model-list';
import { RedisTarget, redisTargetFromEnv } from './redis-target';
import { ConfigError, parseEnv } from './parse-env';

export interface GatewayConfig {
  port: number;
  host: string;
  /** The fleet's Redis: one server, a Sentinel-managed master or a cluster. */
  redis: RedisTarget;
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
  /** Documents (estimated windows) per scoring job at the most finely cut (one job per this many); texts per embedding job. */
  jobDocuments: number;
  /** Most documents (estimated windows) in one scoring job. */
  maxJobDocuments: number;
  requestTimeoutMs: number;
  /** Longest `deadline_ms` a request may ask for (at least `requestTimeoutMs`, the default deadline). */
  maxDeadlineMs: number;
  /** Interactive pairs queued per model above which requests are refused with 429; 0 = no bound. */
  maxQueuedPairs: number;
  /** Seconds of work, at the fleet's measured capacity, a model's queue may hold; 0 = no such bound. */
  maxQueueSeconds: number;
  /** How long a stop waits for in-flight requests before exiting anyway. */
  shutdownGraceMs: number;
  /** Default and upper bound of a request's `max_chunks_per_doc`. */
  maxChunksPerDoc: number;
  /** Models whose /v1/rerank answers follow Jina's defaults (`return_documents: true`), not Cohere's. */
  jinaModels: string[];
  /** Scores kept in Redis for the whole fleet, keyed on model fingerprint, options and texts. */
  scoreCache: { enabled: boolean; ttlSeconds: number };
  /** Where the retrieval engine's collections live (DATA_DIR/lance or COLLECTIONS_URI) and how they are kept. */
  dataDir: string;
  retrieval: RetrievalConfig;
  /** Documents written per transaction by an upload. */
  collectionBatchDocuments: number;
  /** Body limit of a JSON-array document upload (NDJSON uploads stream and have none). */
  collectionJsonLimitBytes: number;
  /** Longest NDJSON line (one document) accepted. */
  collectionLineLimitChars: number;
  /** Most first-stage candidates (and results) one search may ask for. */
  maxCandidates: number;
  /** POST /v1/jobs: pairs one job may hold, pairs per queued batch, and how long a job stays in Redis. */
  bulkJobs: { maxPairs: number; batchPairs: number; ttlSeconds: number };
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
    redis: redisTargetFromEnv(parsed),
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
    maxJobDocuments: maxJobDocumentsOf(parsed),
    requestTimeoutMs: parsed.RERANK_REQUEST_TIMEOUT_MS,
    maxDeadlineMs: maxDeadlineOf(parsed),
    maxQueuedPairs: parsed.RERANK_MAX_QUEUED_PAIRS,
    maxQueueSeconds: parsed.RERANK_MAX_QUEUE_SECONDS,
    shutdownGraceMs: parsed.RERANK_SHUTDOWN_GRACE_MS,
    maxChunksPerDoc: parsed.RERANK_MAX_CHUNKS_PER_DOC,
    jinaModels: jinaModelsOf(parsed.RERANK_JINA_MODELS, models),
    scoreCache: { enabled: parsed.RERANK_SCORE_CACHE === 'on', ttlSeconds: parsed.RERANK_SCORE_CACHE_TTL_SECONDS },
    dataDir: parsed.DATA_DIR,
    retrieval: retrievalConfigOf(parsed),
    collectionBatchDocuments: parsed.COLLECTION_BATCH_DOCUMENTS,
    collectionJsonLimitBytes: parsed.COLLECTION_JSON_LIMIT_BYTES,
    collectionLineLimitChars: parsed.COLLECTION_LINE_LIMIT_CHARS,
    maxCandidates: parsed.SEARCH_MAX_CANDIDATES,
    bulkJobs: {
      maxPairs: parsed.RERANK_JOB_MAX_PAIRS,
      batchPairs: parsed.RERANK_BULK_BATCH_PAIRS,
      ttlSeconds: parsed.RERANK_JOB_TTL_SECONDS,
    },
  };
}

/** Jobs of 256 documents take a CPU worker one to a few seconds: long enough to be worth a job, short enough to spread. */
const DEFAULT_MAX_JOB_DOCUMENTS = 256;

/** Below RERANK_JOB_DOCUMENTS the cap would forbid the jobs that variable asks for. */
function maxJobDocumentsOf(parsed: GatewayEnv): number {
  const max = parsed.RERANK_JOB_MAX_DOCUMENTS ?? Math.max(DEFAULT_MAX_JOB_DOCUMENTS, parsed.RERANK_JOB_DOCUMENTS);
  if (max < parsed.RERANK_JOB_DOCUMENTS) {
    throw new ConfigError(
      'invalid configuration:\n' +
        `  RERANK_JOB_MAX_DOCUMENTS: must be at least RERANK_JOB_DOCUMENTS (${parsed.RERANK_JOB_DOCUMENTS}), ` +
        `the job size requests are cut into when workers share them (got "${max}")`,
    );
  }
  return max;
}

/** A cap below the default deadline would refuse requests that ask for nothing. */
function maxDeadlineOf(parsed: GatewayEnv): number {
  const max = parsed.RERANK_MAX_DEADLINE_MS ?? parsed.RERANK_REQUEST_TIMEOUT_MS;
  if (max < parsed.RERANK_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'invalid configuration:\n' +
        `  RERANK_MAX_DEADLINE_MS: must be at least RERANK_REQUEST_TIMEOUT_MS (${parsed.RERANK_REQUEST_TIMEOUT_MS}), ` +
        `the deadline of requests that ask for none (got "${max}")`,
    );
  }
  return max;
}

/** RERANK_JINA_MODELS: `*` for every model, else names that must be served, so a typo stops the gateway. */
function jinaModelsOf(value: string, models: string[]): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 1 && names[0] === '*') return [...models];
  const unknown = names.find((name) => !models.includes(name));
  if (unknown !== undefined) {
    throw new ConfigError(
      'invalid configuration:\n' +
        `  RERANK_JINA_MODELS: "${unknown}" is not a served model (served: ${models.join(', ')}; or "*" for all)`,
    );
  }
  return names;
}
