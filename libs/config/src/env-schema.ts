import { z } from 'zod';
import { LONG_DOCUMENT_LIMITS } from '@rerank/contracts';
import { parseModelList } from './model-list';
import { redisAddressList } from './redis-target';

/** RERANK_MODELS, parsed here so a bad entry is reported under the variable's name. */
const modelList = z.string().transform((value, context) => {
  try {
    return parseModelList(value);
  } catch (error) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

// Every variable's .describe() is its row in docs/configuration.md (`npm run docs:config`); a
// description opening with `{…}` shows that text as the default instead of the schema's.

/** Variables read by both roles. */
export const sharedEnvSchema = z.object({
  REDIS_URL: z
    .string()
    .url()
    .refine((url) => /^rediss?:\/\//i.test(url), 'must start with redis:// (or rediss:// for TLS)')
    .default('redis://127.0.0.1:6379')
    .describe(
      "`redis://[user:password@]host:port[/db]` (percent-encode `@`, `/`, `:` in the password); `rediss://` for TLS, the server's certificate verified. The password is never logged; a refused one or certificate stops start-up with a line saying so",
    ),
  REDIS_SENTINELS: redisAddressList
    .optional()
    .describe(
      "{unset} Sentinel mode: the sentinels' `host:port,…`; `REDIS_URL` then gives the master's credentials, TLS and database, not its address ([Redis](redis.md))",
    ),
  REDIS_SENTINEL_MASTER: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only')
    .optional()
    .describe('{unset} Sentinel mode: the name the sentinels monitor the master under (required with `REDIS_SENTINELS`)'),
  REDIS_SENTINEL_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe("{unset} Sentinel mode: the sentinels' own password (`requirepass` in sentinel.conf); never logged"),
  REDIS_CLUSTER_NODES: redisAddressList
    .optional()
    .describe(
      "{unset} Cluster mode: seed nodes `host:port,…`; `REDIS_URL` gives every node's credentials and TLS (no database). Queues, bulk jobs and our scripts are hash-tagged per queue / job ([Redis](redis.md))",
    ),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default('rerank')
    .describe('Redis key prefix; fleets sharing a Redis need different ones'),
  RERANK_MODEL: z.string().min(1).default('cross-encoder/ms-marco-MiniLM-L-6-v2').describe('hub id or local directory (`./…`, `/…`)'),
  RERANK_MODEL_NAME: z
    .string()
    .min(1)
    .optional()
    .describe("{hub id, or the directory's name} the name clients use in `model`; queues are keyed on it"),
  RERANK_MODELS: modelList
    .optional()
    .describe(
      "{`RERANK_MODEL`} several models, comma-separated, each `source` or `name=source` (named as above), optionally followed by `#cross-encoder` or `#bi-encoder`; replaces `RERANK_MODEL(_NAME)`. Gateway: the models it routes to, the first is the default for rerank (list a cross-encoder first). Worker: the models it loads and serves, of either kind, one queue per model and lane. A worker reads a model's kind from its directory (a sentence-transformers `modules.json` with a `Pooling` module makes it a bi-encoder, anything else is a cross-encoder) unless `#kind` sets it: needed for a bi-encoder from the hub, whose `modules.json` is not fetched (it is then mean-pooled over `hidden_size`)",
    ),
  LOG_LEVEL: z
    .enum(['error', 'warn', 'log', 'debug', 'verbose'])
    .default('log')
    .describe('`error`, `warn`, `log`, `debug`, `verbose`; logs are JSON lines'),
  RERANK_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_600_000)
    .default(35_000)
    .describe(
      'after SIGTERM/SIGINT, how long requests in flight (gateway) or jobs in hand (worker) may take; a clean stop exits `0`, one past this exits `1`. Give orchestrators a kill timeout above it',
    ),
  RERANK_JOB_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(365 * 86_400)
    .default(7 * 86_400)
    .describe("{`604800` (7 days)} how long a bulk job's record, manifests and scores stay in Redis after its creation"),
});

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** Collections and first-stage retrieval: read by the gateway and by the ingest CLI. */
export const retrievalEnvSchema = z.object({
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe("the collections' store is `DATA_DIR/lance` unless `COLLECTIONS_URI` is set; bulk-job spool files live here too"),
  COLLECTIONS_URI: z
    .string()
    .min(1)
    .optional()
    .describe(
      "{`DATA_DIR/lance`} the collections' LanceDB store, shared by every gateway: a directory, or `s3://bucket/prefix` (credentials from the usual `AWS_*` variables; untested here, see [First stage](first-stage.md))",
    ),
  COLLECTIONS_READ_CONSISTENCY_S: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(1)
    .describe(
      "how stale, in seconds, a gateway's view of another gateway's writes may be; `0` checks the store on every read (slower; dearer on object storage)",
    ),
  COLLECTIONS_OPTIMIZE_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(1000)
    .describe(
      "quiet time after writes before a large collection's new rows are folded into its indexes (found before that, scored with their own statistics; at most 30 s behind a steady stream of writes); collections up to 10,000 rows are indexed before an upload answers",
    ),
  COLLECTIONS_PREWARM_INDEXES: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'must be "on" or "off"' }) })
    .default('on')
    .describe(
      "`on` loads a collection's BM25 and vector indexes into memory when a process first searches it, and again after each optimize, so early queries do not read index pages from disk (~1 s and ~0.5 GB per index at 500,000 documents; see [Benchmarks](benchmarks.md#lancedb-first-stage-2026-12-04)); `off` loads them as queries touch them",
    ),
  SEARCH_DENSE_NPROBES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(4)
    .describe(
      "IVF partitions a dense (or hybrid) search reads, of one per 1,000 rows: more finds more of the exact nearest neighbours, slower (4: recall@100 0.97–0.99 on the benchmark's clustered vectors at 500,000 rows; 8: 0.99–1.00 at ~1.4× the latency)",
    ),
  SEARCH_RRF_K: z.coerce
    .number()
    .min(0)
    .max(100_000)
    .default(60)
    .describe("default `rrf_k` of hybrid search: reciprocal rank fusion's score is Σ 1 / (k + rank)"),
});

export const gatewayEnvSchema = sharedEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('port of the HTTP API'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface the HTTP API listens on'),
  RERANK_MAX_DOCUMENTS: positiveInt(100_000).default(1000).describe('documents per request'),
  RERANK_API_KEYS: z
    .string()
    .optional()
    .describe('comma-separated API keys (≥ 16 characters each); kept only as SHA-256 digests, never logged'),
  RERANK_API_KEYS_FILE: z.string().min(1).optional().describe('a file of keys, one per line (`#` comments)'),
  RERANK_AUTH: z
    .enum(['on', 'off'])
    .optional()
    .describe('{on when keys are set} `off` serves without keys on purpose (required to run open with `NODE_ENV=production`)'),
  RERANK_RATE_LIMIT_REQUESTS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .describe(
      "{`0` (off)} requests per API key and minute, counted in Redis across gateways; over it: `429` + `Retry-After`. Reads of a bulk job's status and results and `/metrics` scrapes are not counted",
    ),
  RERANK_RATE_LIMIT_PAIRS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(0)
    .describe('{`0` (off)} pairs (documents, or search candidates) per API key and minute'),
  NODE_ENV: z
    .string()
    .optional()
    .describe('{unset} `production` makes the gateway refuse to start without API keys unless `RERANK_AUTH=off`'),
  RERANK_MAX_QUERY_CHARS: positiveInt(1_000_000)
    .default(4096)
    .describe('characters per query (`/v1/rerank`, `/v2/rerank`, `/rerank`, `/v1/search`)'),
  RERANK_MAX_DOCUMENT_CHARS: positiveInt(100_000_000)
    .default(1_000_000)
    .describe('characters per document; longer ones are a `400` naming the document'),
  RERANK_BODY_LIMIT_BYTES: positiveInt(1024 ** 3)
    .default(10 * 1024 * 1024)
    .describe('request body size'),
  RERANK_JOB_DOCUMENTS: positiveInt(10_000)
    .default(32)
    .describe(
      'documents per scoring job when the model has workers to share a request (texts per embedding job): a request is cut into one job per live worker, but into no more than one job per this many documents; a long document counts its estimated windows',
    ),
  RERANK_JOB_MAX_DOCUMENTS: positiveInt(10_000)
    .optional()
    .describe(
      '{`256`, or `RERANK_JOB_DOCUMENTS` if larger} most documents in one scoring job: a request bigger than this times the live workers is cut into more jobs than workers, so no job holds a worker for long',
    ),
  RERANK_REQUEST_TIMEOUT_MS: positiveInt(3_600_000)
    .default(30_000)
    .describe('the deadline of a request without `deadline_ms`; after it, a partial answer or `504`'),
  RERANK_MAX_DEADLINE_MS: positiveInt(3_600_000)
    .optional()
    .describe('{`RERANK_REQUEST_TIMEOUT_MS`} longest `deadline_ms` a request may ask for (not below `RERANK_REQUEST_TIMEOUT_MS`)'),
  RERANK_MAX_QUEUED_PAIRS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(0)
    .describe('{`0` (off)} pairs queued per model (interactive lane) above which requests get `429` + `Retry-After`'),
  RERANK_MAX_QUEUE_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(0)
    .describe(
      "{`0` (off)} seconds of work (for the model's live workers at their measured speed) a model's interactive queue may hold before requests get `429` + `Retry-After`",
    ),
  RERANK_MAX_CHUNKS_PER_DOC: positiveInt(LONG_DOCUMENT_LIMITS.maxChunksPerDoc)
    .default(16)
    .describe("default and upper limit (≤ 256) of a request's `max_chunks_per_doc` (larger values are clamped)"),
  RERANK_JINA_MODELS: z
    .string()
    .default('')
    .describe(
      "{none} models whose `/v1/rerank` requests follow Jina's default `return_documents: true`: served model names, comma-separated, or `*`; an unknown name stops the gateway",
    ),
  RERANK_SCORE_CACHE: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'must be "on" or "off"' }) })
    .default('on')
    .describe('`off` sends every pair to the workers (see [Score cache](operations.md#score-cache))'),
  RERANK_SCORE_CACHE_TTL_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(365 * 86_400, 'must be at most 31536000 (a year)')
    .default(86_400)
    .describe('how long a cached score is kept (1 s to a year)'),
  ...retrievalEnvSchema.shape,
  COLLECTION_BATCH_DOCUMENTS: positiveInt(100_000)
    .default(1000)
    .describe('documents per Lance commit of an upload (and per embedding call in a collection with vectors)'),
  COLLECTION_JSON_LIMIT_BYTES: positiveInt(1024 ** 3)
    .default(64 * 1024 * 1024)
    .describe('body size of a JSON-array upload (NDJSON streams and has no limit)'),
  COLLECTION_LINE_LIMIT_CHARS: positiveInt(256 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('longest NDJSON line (one document)'),
  SEARCH_MAX_CANDIDATES: positiveInt(100_000).default(1000).describe('most `candidates` (and `top_k`) one search may ask for'),
  RERANK_JOB_MAX_PAIRS: positiveInt(1_000_000_000).default(10_000_000).describe('pairs one bulk job (`POST /v1/jobs`) may hold'),
  // Capped at the workers' default WORKER_MAX_BULK_PAIRS, so no default-configured worker rejects a batch.
  RERANK_BULK_BATCH_PAIRS: positiveInt(1024)
    .default(64)
    .describe("pairs per queued batch of a bulk job, 1–1024 (the workers' default `WORKER_MAX_BULK_PAIRS`; keep it at or below theirs)"),
});

export const workerEnvSchema = sharedEnvSchema.extend({
  RERANK_MODEL_FILE: z.string().min(1).default('onnx/model.onnx').describe('e.g. `onnx/model_quantized.onnx`'),
  RERANK_MAX_LENGTH: positiveInt(8192)
    .optional()
    .describe(
      "{the model's (512; a bi-encoder's `max_seq_length`, 256 for all-MiniLM-L6-v2)} tokens per pair: longer documents are read in windows, or truncated with `truncate`; tokens per text for a bi-encoder (all served models)",
    ),
  RERANK_CACHE_DIR: z.string().min(1).optional().describe('{`~/.cache/rerank-fleet/hub`} where hub downloads are kept (`<dir>/<id>/…`)'),
  HF_ENDPOINT: z.string().url().optional().describe('{`https://huggingface.co/`} a hub mirror or proxy'),
  HF_TOKEN: z.string().min(1).optional().describe('{none} a hub token, for a private or gated hub model'),
  RERANK_EXECUTION_PROVIDER: z
    .enum(['cpu', 'cuda', 'webgpu'])
    .default('cpu')
    .describe('`cpu`, `cuda` or `webgpu` (see [GPU hosts](operations.md#gpu-hosts))'),
  RERANK_CUDA_DEVICE: z.coerce.number().int().min(0).max(63).default(0).describe('GPU id for `cuda`'),
  ORT_INTRA_OP_THREADS: z.coerce.number().int().min(0).max(256).default(0).describe('{`0` (ONNX Runtime picks)} threads per ONNX run'),
  WORKER_TOKENIZER_THREADS: z
    .union([z.literal('auto'), z.coerce.number().int().min(0).max(256)])
    .default('auto')
    .describe(
      'tokenizer threads per model: `auto` gives them the cores inference leaves free (at least 1); `0` tokenizes on the event loop',
    ),
  WORKER_CONCURRENCY: positiveInt(256)
    .default(8)
    .describe(
      'interactive jobs a worker holds at once, per served model (each model has its own queue and BullMQ worker); their pairs share ONNX runs',
    ),
  WORKER_MAX_JOB_DOCUMENTS: positiveInt(100_000)
    .default(10_000)
    .describe(
      'documents one interactive scoring job (or texts one embedding job) may carry; a bigger job fails for good instead of being retried (the gateway cuts requests into jobs of at most `RERANK_JOB_MAX_DOCUMENTS`)',
    ),
  RERANK_BATCH_TOKENS: positiveInt(1_000_000)
    .default(1024)
    .describe(
      'padded tokens (rows × longest row) per ONNX run; on the 2-core bench machine 1024 scored 27–51 % more pairs/s than 4096 (`docs/benchmarks.md`)',
    ),
  RERANK_BULK_RUN_TOKENS: positiveInt(1_000_000)
    .default(512)
    .describe(
      'padded tokens per bulk-lane run (at most `RERANK_BATCH_TOKENS`): an interactive request waits at most for the bulk run in flight, so this bounds what bulk jobs add to live latency',
    ),
  RERANK_BATCH_ROWS: positiveInt(4096).default(64).describe('pairs per ONNX run'),
  RERANK_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(2)
    .describe('how long a lone job on an idle worker waits for others to share its run'),
  WORKER_SCORE_LOCK_MS: z.coerce
    .number()
    .int()
    // Renewed every quarter of it: a shorter lock leaves a Redis round trip on a busy host no slack.
    .min(600)
    .max(600_000)
    .default(3_000)
    .describe(
      "lock of an interactive job (at least `600`): a killed or frozen worker's jobs run on another worker within 4/3 of it, 4 s by default ([When a worker dies](operations.md#when-a-worker-dies))",
    ),
  WORKER_STALLED_INTERVAL_MS: positiveInt(600_000)
    .default(30_000)
    .describe(
      "bulk lane only: stalled-check interval and lock of bulk batches; a dead worker's batches are handed to another within three times this at worst (lock + two intervals, as for `WORKER_SCORE_LOCK_MS`)",
    ),
  WORKER_BULK_CONCURRENCY: positiveInt(64)
    .default(1)
    .describe('bulk batches a worker holds at once per model; their pairs run only when no interactive pair waits'),
  WORKER_MAX_BULK_PAIRS: positiveInt(100_000)
    .default(1024)
    .describe('pairs one bulk batch may carry; a bigger batch fails its bulk job instead of being retried'),
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(0)
    .describe(
      "{`0` (off)} port of the worker's Prometheus endpoint, `GET /metrics` ([Worker metrics](operations.md#worker-metrics)); a port in use stops the worker at start-up. `npm start` gives replica *i* (from 0) this port + *i*",
    ),
  /** All interfaces by default: in a container, a scraper outside it could not reach 127.0.0.1. */
  WORKER_METRICS_HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe(
      "interface of that endpoint: all, so a scraper outside the worker's container reaches it; `127.0.0.1` keeps it to the host. It has no API key: keep the port private",
    ),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
export type RetrievalEnv = z.infer<typeof retrievalEnvSchema>;
