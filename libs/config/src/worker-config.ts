import { availableParallelism } from 'node:os';
import type { ModelKind } from '@rerank/contracts';
import { WorkerEnv, workerEnvSchema } from './env-schema';
import { modelsFromEnv } from './model-list';
import { RedisTarget, redisTargetFromEnv } from './redis-target';
import { parseEnv } from './parse-env';

/** One model a worker loads and serves on its own queue. */
export interface WorkerModelConfig {
  /** Hub id or local directory, as given in RERANK_MODELS / RERANK_MODEL. */
  source: string;
  name: string;
  /** ONNX file inside the model directory, e.g. onnx/model_quantized.onnx. */
  file: string;
  /** Overrides the model's own limit; undefined means "from the model's config". */
  maxLength?: number;
  cacheDir?: string;
  hubEndpoint?: string;
  hubToken?: string;
  /** Set by hand in RERANK_MODELS (`#bi-encoder`); otherwise read from the model's files at start-up. */
  kind?: ModelKind;
}

export interface WorkerConfig {
  /** The fleet's Redis: one server, a Sentinel-managed master or a cluster. */
  redis: RedisTarget;
  queuePrefix: string;
  logLevel: WorkerEnv['LOG_LEVEL'];
  /** The models this worker serves, one queue each; the file and runtime settings apply to all. */
  models: WorkerModelConfig[];
  runtime: {
    executionProvider: WorkerEnv['RERANK_EXECUTION_PROVIDER'];
    cudaDevice: number;
    /** 0 lets ONNX Runtime pick (one thread per physical core). */
    intraOpThreads: number;
  };
  /** Tokenizer threads per model (WORKER_TOKENIZER_THREADS, 'auto' resolved); 0 tokenizes on the event loop. */
  tokenizerThreads: number;
  concurrency: number;
  maxJobDocuments: number;
  batch: {
    /** Padded tokens (rows × longest row) per ONNX run. */
    maxTokens: number;
    maxRows: number;
    /** How long a lone job waits for others to share its run. */
    maxWaitMs: number;
    /** Real tokens taken into one planning round (8 runs' worth: about a 100-document request at ~80 tokens a pair, sorted as one). */
    roundTokens: number;
    /** Padded tokens per bulk-lane run: what an interactive arrival may wait behind. */
    bulkRunTokens: number;
  };
  /** The interactive lane's job lock; see `ScoreModule` for the intervals derived from it. */
  scoreLockMs: number;
  /** The bulk lane's stalled-job check interval and lock duration. */
  stalledIntervalMs: number;
  bulk: {
    /** Bulk batches held at once per model. */
    concurrency: number;
    /** Pairs one bulk batch may carry. */
    maxPairs: number;
    /** Lifetime of a bulk job's keys in Redis, counted from its creation. */
    jobTtlSeconds: number;
  };
  /** How long a stop waits for the jobs in hand before exiting anyway. */
  shutdownGraceMs: number;
  /** The Prometheus endpoint (GET /metrics); port 0 means none. */
  metrics: { port: number; host: string };
}

/**
 * 'auto': the cores inference leaves free, at least one. On CPU, ONNX Runtime's intra-op threads
 * (all cores unless ORT_INTRA_OP_THREADS says otherwise) do the forward pass; on a GPU provider
 * one thread drives the device and the other cores are free to tokenize.
 */
export function tokenizerThreadsFor(
  setting: WorkerEnv['WORKER_TOKENIZER_THREADS'],
  provider: WorkerEnv['RERANK_EXECUTION_PROVIDER'],
  intraOpThreads: number,
  cores = availableParallelism(),
): number {
  if (setting !== 'auto') return setting;
  const inference = provider === 'cpu' ? intraOpThreads || cores : 1;
  return Math.max(1, cores - inference);
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = parseEnv(workerEnvSchema, env);
  return {
    redis: redisTargetFromEnv(parsed),
    queuePrefix: parsed.QUEUE_PREFIX,
    logLevel: parsed.LOG_LEVEL,
    models: modelsFromEnv(parsed).map(({ name, source, kind }) => ({
      source,
      name,
      ...(kind ? { kind } : {}),
      file: parsed.RERANK_MODEL_FILE,
      maxLength: parsed.RERANK_MAX_LENGTH,
      cacheDir: parsed.RERANK_CACHE_DIR,
      hubEndpoint: parsed.HF_ENDPOINT,
      hubToken: parsed.HF_TOKEN,
    })),
    runtime: {
      executionProvider: parsed.RERANK_EXECUTION_PROVIDER,
      cudaDevice: parsed.RERANK_CUDA_DEVICE,
      intraOpThreads: parsed.ORT_INTRA_OP_THREADS,
    },
    tokenizerThreads: tokenizerThreadsFor(parsed.WORKER_TOKENIZER_THREADS, parsed.RERANK_EXECUTION_PROVIDER, parsed.ORT_INTRA_OP_THREADS),
    concurrency: parsed.WORKER_CONCURRENCY,
    maxJobDocuments: parsed.WORKER_MAX_JOB_DOCUMENTS,
    batch: {
      maxTokens: parsed.RERANK_BATCH_TOKENS,
      maxRows: parsed.RERANK_BATCH_ROWS,
      maxWaitMs: parsed.RERANK_BATCH_WAIT_MS,
      roundTokens: parsed.RERANK_BATCH_TOKENS * 8,
      bulkRunTokens: Math.min(parsed.RERANK_BULK_RUN_TOKENS, parsed.RERANK_BATCH_TOKENS),
    },
    scoreLockMs: parsed.WORKER_SCORE_LOCK_MS,
    stalledIntervalMs: parsed.WORKER_STALLED_INTERVAL_MS,
    bulk: {
      concurrency: parsed.WORKER_BULK_CONCURRENCY,
      maxPairs: parsed.WORKER_MAX_BULK_PAIRS,
      jobTtlSeconds: parsed.RERANK_JOB_TTL_SECONDS,
    },
    shutdownGraceMs: parsed.RERANK_SHUTDOWN_GRACE_MS,
    metrics: { port: parsed.WORKER_METRICS_PORT, host: parsed.WORKER_METRICS_HOST },
  };
}
