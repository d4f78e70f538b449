import { ConfigError } from './parse-env';
import { loadGatewayConfig } from './gateway-config';
import { loadWorkerConfig, tokenizerThreadsFor } from './worker-config';
import { modelNameFor } from './model-name';
import { parseModelList } from './model-list';

describe('loadGatewayConfig', () => {
  it('returns the documented defaults for an empty environment', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 3000,
      redis: { mode: 'single', url: 'redis://127.0.0.1:6379' },
      defaultModel: 'cross-encoder/ms-marco-MiniLM-L-6-v2',
      models: ['cross-encoder/ms-marco-MiniLM-L-6-v2'],
      maxDocuments: 1000,
      requestTimeoutMs: 30_000,
      maxChunksPerDoc: 16,
      shutdownGraceMs: 35_000,
    });
  });

  it('returns every RERANK_MODELS name, the first as the default, when several are listed', () => {
    const config = loadGatewayConfig({ RERANK_MODELS: 'fast=./models/minilm-l6, cross-encoder/ms-marco-MiniLM-L-12-v2,gpu' });
    expect(config.models).toEqual(['fast', 'cross-encoder/ms-marco-MiniLM-L-12-v2', 'gpu']);
    expect(config.defaultModel).toBe('fast');
  });

  it('reads a kind set by hand after "#" and names the kinds when it is unknown', () => {
    const config = loadWorkerConfig({ RERANK_MODELS: 'rerank=./models/x,embed=./models/e#bi-encoder' });
    expect(config.models.map(({ name, source, kind }) => ({ name, source, kind }))).toEqual([
      { name: 'rerank', source: './models/x', kind: undefined },
      { name: 'embed', source: './models/e', kind: 'bi-encoder' },
    ]);
    expect(loadGatewayConfig({ RERANK_MODELS: 'e=./models/e#bi-encoder' }).models).toEqual(['e']);
    expect(() => loadWorkerConfig({ RERANK_MODELS: 'e=./models/e#embedder' })).toThrow(
      /RERANK_MODELS: entry "e=.\/models\/e#embedder" ends in "#embedder"; the kind must be one of cross-encoder, bi-encoder/,
    );
  });

  it('names RERANK_MODELS and the problem when an entry is unusable', () => {
    expect(() => loadGatewayConfig({ RERANK_MODELS: 'a,a' })).toThrow(/RERANK_MODELS: model "a" is listed twice/);
    expect(() => loadGatewayConfig({ RERANK_MODELS: ' , ' })).toThrow(/RERANK_MODELS: must list at least one model/);
  });

  it('returns no Jina models by default, the listed ones, or every model for "*"', () => {
    const models = 'jina-reranker-v2-base-multilingual=./m,rerank-v3.5=./m';
    expect(loadGatewayConfig({ RERANK_MODELS: models }).jinaModels).toEqual([]);
    expect(loadGatewayConfig({ RERANK_MODELS: models, RERANK_JINA_MODELS: ' jina-reranker-v2-base-multilingual ' }).jinaModels).toEqual([
      'jina-reranker-v2-base-multilingual',
    ]);
    expect(loadGatewayConfig({ RERANK_MODELS: models, RERANK_JINA_MODELS: '*' }).jinaModels).toEqual([
      'jina-reranker-v2-base-multilingual',
      'rerank-v3.5',
    ]);
  });

  it('names RERANK_JINA_MODELS and the served models when it lists a model not served', () => {
    expect(() => loadGatewayConfig({ RERANK_MODELS: 'a=./m', RERANK_JINA_MODELS: 'jina-x' })).toThrow(
      'RERANK_JINA_MODELS: "jina-x" is not a served model (served: a; or "*" for all)',
    );
  });

  it('rejects a max_chunks_per_doc bound above what workers accept', () => {
    expect(() => loadGatewayConfig({ RERANK_MAX_CHUNKS_PER_DOC: '257' })).toThrow(/RERANK_MAX_CHUNKS_PER_DOC/);
  });

  it('treats empty variables as unset', () => {
    expect(loadGatewayConfig({ PORT: '' }).port).toBe(3000);
  });

  it('returns the bulk job limits, batch size and a week of lifetime by default, and the configured ones when set', () => {
    expect(loadGatewayConfig({}).bulkJobs).toEqual({ maxPairs: 10_000_000, batchPairs: 64, ttlSeconds: 604_800 });
    expect(
      loadGatewayConfig({ RERANK_JOB_MAX_PAIRS: '5000', RERANK_BULK_BATCH_PAIRS: '16', RERANK_JOB_TTL_SECONDS: '3600' }).bulkJobs,
    ).toEqual({ maxPairs: 5000, batchPairs: 16, ttlSeconds: 3600 });
    expect(() => loadGatewayConfig({ RERANK_BULK_BATCH_PAIRS: '0' })).toThrow(/RERANK_BULK_BATCH_PAIRS/);
  });

  it('returns the score cache on for a day by default, and off or with another lifetime when asked', () => {
    expect(loadGatewayConfig({}).scoreCache).toEqual({ enabled: true, ttlSeconds: 86_400 });
    expect(loadGatewayConfig({ RERANK_SCORE_CACHE: 'off', RERANK_SCORE_CACHE_TTL_SECONDS: '60' }).scoreCache).toEqual({
      enabled: false,
      ttlSeconds: 60,
    });
  });

  it('names the score cache variable and what it accepts when a value is unusable', () => {
    expect(() => loadGatewayConfig({ RERANK_SCORE_CACHE: 'yes' })).toThrow(/RERANK_SCORE_CACHE: must be "on" or "off" \(got "yes"\)/);
    expect(() => loadGatewayConfig({ RERANK_SCORE_CACHE_TTL_SECONDS: '0' })).toThrow(
      /RERANK_SCORE_CACHE_TTL_SECONDS: must be at least 1 second/,
    );
    expect(() => loadGatewayConfig({ RERANK_SCORE_CACHE_TTL_SECONDS: '1.5' })).toThrow(
      /RERANK_SCORE_CACHE_TTL_SECONDS: must be a whole number of seconds/,
    );
    expect(() => loadGatewayConfig({ RERANK_SCORE_CACHE_TTL_SECONDS: 'a day' })).toThrow(
      /RERANK_SCORE_CACHE_TTL_SECONDS: must be a whole number of seconds/,
    );
  });

  it('returns the request timeout as the deadline cap and no queue bound by default, and the configured ones when set', () => {
    expect(loadGatewayConfig({ RERANK_REQUEST_TIMEOUT_MS: '5000' })).toMatchObject({
      maxDeadlineMs: 5000,
      maxQueuedPairs: 0,
      maxQueueSeconds: 0,
    });
    expect(loadGatewayConfig({ RERANK_MAX_QUEUE_SECONDS: '2.5' })).toMatchObject({ maxQueueSeconds: 2.5 });
    expect(() => loadGatewayConfig({ RERANK_MAX_QUEUE_SECONDS: '-1' })).toThrow(/RERANK_MAX_QUEUE_SECONDS/);
    expect(loadGatewayConfig({ RERANK_MAX_DEADLINE_MS: '60000', RERANK_MAX_QUEUED_PAIRS: '2000' })).toMatchObject({
      maxDeadlineMs: 60_000,
      maxQueuedPairs: 2000,
    });
  });

  it('cuts requests into jobs of 32 to 256 documents by default, the cap following a larger minimum, and refuses a cap below the minimum', () => {
    expect(loadGatewayConfig({})).toMatchObject({ jobDocuments: 32, maxJobDocuments: 256 });
    expect(loadGatewayConfig({ RERANK_JOB_DOCUMENTS: '500' })).toMatchObject({ jobDocuments: 500, maxJobDocuments: 500 });
    expect(loadGatewayConfig({ RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4' })).toMatchObject({
      jobDocuments: 4,
      maxJobDocuments: 4,
    });
    expect(() => loadGatewayConfig({ RERANK_JOB_DOCUMENTS: '64', RERANK_JOB_MAX_DOCUMENTS: '32' })).toThrow(
      /RERANK_JOB_MAX_DOCUMENTS: must be at least RERANK_JOB_DOCUMENTS \(64\), .*\(got "32"\)/,
    );
  });

  it('rejects a deadline cap below the default deadline, naming both variables', () => {
    expect(() => loadGatewayConfig({ RERANK_MAX_DEADLINE_MS: '1000' })).toThrow(
      /RERANK_MAX_DEADLINE_MS: must be at least RERANK_REQUEST_TIMEOUT_MS \(30000\), .*\(got "1000"\)/,
    );
  });

  it('names the variable and the value when one is invalid', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT: .*\(got "eighty"\)/);
    expect(() => loadGatewayConfig({ RERANK_MAX_DOCUMENTS: '0' })).toThrow(/RERANK_MAX_DOCUMENTS/);
  });

  it('never echoes a Redis URL, which may carry a password', () => {
    expect(() => loadGatewayConfig({ REDIS_URL: 'not a url secret' })).toThrow(/REDIS_URL: .*\(value hidden\)/);
  });
});

describe('loadWorkerConfig', () => {
  it('returns runtime settings from the environment', () => {
    const config = loadWorkerConfig({
      RERANK_MODEL: './models/minilm-l6/',
      RERANK_EXECUTION_PROVIDER: 'cuda',
      RERANK_CUDA_DEVICE: '1',
      WORKER_CONCURRENCY: '8',
    });
    expect(config.models).toEqual([expect.objectContaining({ source: './models/minilm-l6/', name: 'minilm-l6', file: 'onnx/model.onnx' })]);
    expect(config.runtime).toEqual({ executionProvider: 'cuda', cudaDevice: 1, intraOpThreads: 0 });
    expect(config.concurrency).toBe(8);
  });

  it('returns one model per RERANK_MODELS entry, each with the shared file and length settings', () => {
    const config = loadWorkerConfig({
      RERANK_MODELS: 'a=./models/x,/srv/models/y',
      RERANK_MODEL_FILE: 'onnx/q.onnx',
      RERANK_MAX_LENGTH: '256',
    });
    expect(config.models).toEqual([
      expect.objectContaining({ name: 'a', source: './models/x', file: 'onnx/q.onnx', maxLength: 256 }),
      expect.objectContaining({ name: 'y', source: '/srv/models/y', file: 'onnx/q.onnx', maxLength: 256 }),
    ]);
  });

  it('rejects an unknown execution provider', () => {
    expect(() => loadWorkerConfig({ RERANK_EXECUTION_PROVIDER: 'tpu' })).toThrow(/RERANK_EXECUTION_PROVIDER/);
  });

  it('returns one bulk batch at a time, 1024 pairs a batch and a week of job lifetime by default', () => {
    expect(loadWorkerConfig({}).bulk).toEqual({ concurrency: 1, maxPairs: 1024, jobTtlSeconds: 7 * 86_400 });
    expect(loadWorkerConfig({ WORKER_BULK_CONCURRENCY: '2', WORKER_MAX_BULK_PAIRS: '64', RERANK_JOB_TTL_SECONDS: '3600' }).bulk).toEqual({
      concurrency: 2,
      maxPairs: 64,
      jobTtlSeconds: 3600,
    });
    expect(() => loadWorkerConfig({ WORKER_BULK_CONCURRENCY: '0' })).toThrow(/WORKER_BULK_CONCURRENCY/);
  });

  it('gives tokenizer threads the cores inference leaves free, at least one, unless WORKER_TOKENIZER_THREADS says', () => {
    expect(tokenizerThreadsFor('auto', 'cpu', 0, 16)).toBe(1);
    expect(tokenizerThreadsFor('auto', 'cpu', 4, 16)).toBe(12);
    expect(tokenizerThreadsFor('auto', 'cuda', 0, 16)).toBe(15);
    expect(tokenizerThreadsFor('auto', 'webgpu', 0, 2)).toBe(1);
    expect(tokenizerThreadsFor(0, 'cpu', 0, 16)).toBe(0);
    expect(loadWorkerConfig({ WORKER_TOKENIZER_THREADS: '3' }).tokenizerThreads).toBe(3);
    expect(() => loadWorkerConfig({ WORKER_TOKENIZER_THREADS: 'many' })).toThrow(/WORKER_TOKENIZER_THREADS/);
  });

  it('returns no metrics endpoint by default, and the configured port and host when set', () => {
    expect(loadWorkerConfig({}).metrics).toEqual({ port: 0, host: '0.0.0.0' });
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: '127.0.0.1' }).metrics).toEqual({
      port: 9464,
      host: '127.0.0.1',
    });
  });

  it('returns a 3 s interactive lock and a 30 s bulk interval by default, and the configured ones when set', () => {
    expect(loadWorkerConfig({})).toMatchObject({ scoreLockMs: 3000, stalledIntervalMs: 30_000 });
    expect(loadWorkerConfig({ WORKER_SCORE_LOCK_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' })).toMatchObject({
      scoreLockMs: 5000,
      stalledIntervalMs: 1000,
    });
  });

  it('names WORKER_SCORE_LOCK_MS and its limit when the lock is too short to renew', () => {
    expect(() => loadWorkerConfig({ WORKER_SCORE_LOCK_MS: '100' })).toThrow(/WORKER_SCORE_LOCK_MS.*600/);
  });

  it('names WORKER_METRICS_PORT when it is not a port', () => {
    for (const port of ['65536', '-1', 'metrics', '80.5']) {
      expect(() => loadWorkerConfig({ WORKER_METRICS_PORT: port })).toThrow(/WORKER_METRICS_PORT/);
    }
  });
});

describe('modelNameFor', () => {
  it('returns a hub id as is, a directory by its base name, and an explicit name over both', () => {
    expect(modelNameFor('cross-encoder/ms-marco-MiniLM-L-6-v2')).toBe('cross-encoder/ms-marco-MiniLM-L-6-v2');
    expect(modelNameFor('/srv/models/minilm-l6')).toBe('minilm-l6');
    expect(modelNameFor('/srv/models/minilm-l6', 'prod-reranker')).toBe('prod-reranker');
  });
});

describe('parseModelList', () => {
  it('returns names derived as RERANK_MODEL_NAME would, or given before "="', () => {
    expect(parseModelList('cross-encoder/a, ./models/b ,c=/srv/d')).toEqual([
      { name: 'cross-encoder/a', source: 'cross-encoder/a' },
      { name: 'b', source: './models/b' },
      { name: 'c', source: '/srv/d' },
    ]);
  });

  it.each([
    ['=./x', 'entry "=./x" has an empty name before "="'],
    ['a=', 'entry "a=" has no model after "="'],
    ['x=./a,x=./b', 'model "x" is listed twice'],
    ['a/b,a--b', 'models "a/b" and "a--b" would share the queue score.a--b.interactive'],
  ])('rejects %s naming the entry', (value, message) => {
    expect(() => parseModelList(value)).toThrow(message);
  });
});
