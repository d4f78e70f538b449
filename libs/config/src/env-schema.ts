import { z } from 'zod';
import { LONG_DOCUMENT_LIMITS } from '@rerank/contracts';
import { parseModelList } from './model-list';

/** RERANK_MODELS, parsed here so a bad entry is reported under the variable's name. */
const modelList = z.string().transform((value, context) => {
  try {
    return parseModelList(value);
  } catch (error) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

/** Variables read by both roles. */
export const sharedEnvSchema = z.object({
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:\/\//i.test(url), 'must start with redis:// (or rediss:// for TLS)')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default('rerank'),
  RERANK_MODEL: z.string().min(1).default('cross-encoder/ms-marco-MiniLM-L-6-v2'),
  RERANK_MODEL_NAME: z.string().min(1).optional(),
  /** Several models: `source` or `name=source`, comma-separated; replaces RERANK_MODEL(_NAME) when set. */
  RERANK_MODELS: modelList.optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** After SIGTERM/SIGINT, how long in-flight requests (gateway) or jobs (worker) may take before the process gives up and exits 1. */
  RERANK_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1).max(3_600_000).default(35_000),
  /** How long a bulk job's record, manifests and scores stay in Redis after it was created. */
  RERANK_JOB_TTL_SECONDS: z.coerce.number().int().min(60).max(365 * 86_400).default(7 * 86_400),
});

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** Collections and first-stage retrieval: read by the gateway and by the ingest CLI. */
export const retrievalEnvSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
});

export const gatewayEnvSchema = sharedEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  RERANK_MAX_DOCUMENTS: positiveInt(100_000).default(1000),
  RERANK_API_KEYS: z.string().optional(),
  RERANK_API_KEYS_FILE: z.string().min(1).optional(),
  RERANK_AUTH: z.enum(['on', 'off']).optional(),
  RERANK_RATE_LIMIT_REQUESTS: z.coerce.number().int().min(0).max(10_000_000).default(0),
  RERANK_RATE_LIMIT_PAIRS: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  NODE_ENV: z.string().optional(),
  RERANK_MAX_QUERY_CHARS: positiveInt(1_000_000).default(4096),
  RERANK_MAX_DOCUMENT_CHARS: positiveInt(100_000_000).default(1_000_000),
  RERANK_BODY_LIMIT_BYTES: positiveInt(1024 ** 3).default(10 * 1024 * 1024),
  RERANK_JOB_DOCUMENTS: positiveInt(10_000).default(32),
  RERANK_REQUEST_TIMEOUT_MS: positiveInt(3_600_000).default(30_000),
  /** Longest `deadline_ms` a request may ask for; unset: RERANK_REQUEST_TIMEOUT_MS. */
  RERANK_MAX_DEADLINE_MS: positiveInt(3_600_000).optional(),
  /** Interactive pairs queued per model above which requests get 429; 0 = no bound. */
  RERANK_MAX_QUEUED_PAIRS: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  RERANK_MAX_QUEUE_SECONDS: z.coerce.number().min(0).max(3600).default(0),
  RERANK_MAX_CHUNKS_PER_DOC: positiveInt(LONG_DOCUMENT_LIMITS.maxChunksPerDoc).default(16),
  /** Models whose /v1/rerank requests follow Jina's defaults (`return_documents: true`): names, comma-separated, or `*`. */
  RERANK_JINA_MODELS: z.string().default(''),
  RERANK_SCORE_CACHE: z.enum(['on', 'off'], { errorMap: () => ({ message: 'must be "on" or "off"' }) }).default('on'),
  RERANK_SCORE_CACHE_TTL_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(365 * 86_400, 'must be at most 31536000 (a year)')
    .default(86_400),
  ...retrievalEnvSchema.shape,
  COLLECTION_BATCH_DOCUMENTS: positiveInt(100_000).default(1000),
  COLLECTION_JSON_LIMIT_BYTES: positiveInt(1024 ** 3).default(64 * 1024 * 1024),
  COLLECTION_LINE_LIMIT_CHARS: positiveInt(256 * 1024 * 1024).default(1024 * 1024),
  SEARCH_MAX_CANDIDATES: positiveInt(100_000).default(1000),
  RERANK_JOB_MAX_PAIRS: positiveInt(1_000_000_000).default(10_000_000),
  // Capped at the workers' default WORKER_MAX_BULK_PAIRS, so no default-configured worker rejects a batch.
  RERANK_BULK_BATCH_PAIRS: positiveInt(1024).default(64),
});

export const workerEnvSchema = sharedEnvSchema.extend({
  RERANK_MODEL_FILE: z.string().min(1).default('onnx/model.onnx'),
  RERANK_MAX_LENGTH: positiveInt(8192).optional(),
  RERANK_CACHE_DIR: z.string().min(1).optional(),
  HF_ENDPOINT: z.string().url().optional(),
  RERANK_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda']).default('cpu'),
  RERANK_CUDA_DEVICE: z.coerce.number().int().min(0).max(63).default(0),
  ORT_INTRA_OP_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  WORKER_CONCURRENCY: positiveInt(256).default(8),
  WORKER_MAX_JOB_DOCUMENTS: positiveInt(100_000).default(10_000),
  RERANK_BATCH_TOKENS: positiveInt(1_000_000).default(1024),
  RERANK_BULK_RUN_TOKENS: positiveInt(1_000_000).default(512),
  RERANK_BATCH_ROWS: positiveInt(4096).default(64),
  RERANK_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(2),
  WORKER_STALLED_INTERVAL_MS: positiveInt(600_000).default(30_000),
  /** Bulk batches a worker holds at once per model; they wait behind every interactive pair. */
  WORKER_BULK_CONCURRENCY: positiveInt(64).default(1),
  /** Pairs one bulk batch may carry; a bigger one fails its bulk job rather than being retried. */
  WORKER_MAX_BULK_PAIRS: positiveInt(100_000).default(1024),
  /** Port of the worker's Prometheus endpoint (GET /metrics); 0 = no endpoint. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** All interfaces by default: in a container, a scraper outside it could not reach 127.0.0.1. */
  WORKER_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
export type RetrievalEnv = z.infer<typeof retrievalEnvSchema>;
