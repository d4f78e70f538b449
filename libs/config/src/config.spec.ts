import { ConfigError } from './parse-env';
import { loadGatewayConfig } from './gateway-config';
import { loadWorkerConfig } from './worker-config';
import { modelNameFor } from './model-name';
import { parseModelList } from './model-list';

describe('loadGatewayConfig', () => {
  it('returns the documented defaults for an empty environment', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      defaultModel: 'cross-encoder/ms-marco-MiniLM-L-6-v2',
      models: ['cross-encoder/ms-marco-MiniLM-L-6-v2'],
      maxDocuments: 1000,
      requestTimeoutMs: 30_000,
      maxChunksPerDoc: 16,
    });
  });

  it('returns every RERANK_MODELS name, the first as the default, when several are listed', () => {
    const config = loadGatewayConfig({ RERANK_MODELS: 'fast=./models/minilm-l6, cross-encoder/ms-marco-MiniLM-L-12-v2,gpu' });
    expect(config.models).toEqual(['fast', 'cross-encoder/ms-marco-MiniLM-L-12-v2', 'gpu']);
    expect(config.defaultModel).toBe('fast');
  });

  it('names RERANK_MODELS and the problem when an entry is unusable', () => {
    expect(() => loadGatewayConfig({ RERANK_MODELS: 'a,a' })).toThrow(/RERANK_MODELS: model "a" is listed twice/);
    expect(() => loadGatewayConfig({ RERANK_MODELS: ' , ' })).toThrow(/RERANK_MODELS: must list at least one model/);
  });

  it('rejects a max_chunks_per_doc bound above what workers accept', () => {
    expect(() => loadGatewayConfig({ RERANK_MAX_CHUNKS_PER_DOC: '257' })).toThrow(/RERANK_MAX_CHUNKS_PER_DOC/);
  });

  it('treats empty variables as unset', () => {
    expect(loadGatewayConfig({ PORT: '' }).port).toBe(3000);
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
    const config = loadWorkerConfig({ RERANK_MODELS: 'a=./models/x,/srv/models/y', RERANK_MODEL_FILE: 'onnx/q.onnx', RERANK_MAX_LENGTH: '256' });
    expect(config.models).toEqual([
      expect.objectContaining({ name: 'a', source: './models/x', file: 'onnx/q.onnx', maxLength: 256 }),
      expect.objectContaining({ name: 'y', source: '/srv/models/y', file: 'onnx/q.onnx', maxLength: 256 }),
    ]);
  });

  it('rejects an unknown execution provider', () => {
    expect(() => loadWorkerConfig({ RERANK_EXECUTION_PROVIDER: 'tpu' })).toThrow(/RERANK_EXECUTION_PROVIDER/);
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
