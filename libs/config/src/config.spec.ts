import { ConfigError } from './parse-env';
import { loadGatewayConfig } from './gateway-config';
import { loadWorkerConfig } from './worker-config';
import { modelNameFor } from './model-name';

describe('loadGatewayConfig', () => {
  it('returns the documented defaults for an empty environment', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      defaultModel: 'cross-encoder/ms-marco-MiniLM-L-6-v2',
      maxDocuments: 1000,
      requestTimeoutMs: 30_000,
    });
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
    expect(config.model).toMatchObject({ source: './models/minilm-l6/', name: 'minilm-l6', file: 'onnx/model.onnx' });
    expect(config.runtime).toEqual({ executionProvider: 'cuda', cudaDevice: 1, intraOpThreads: 0 });
    expect(config.concurrency).toBe(8);
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
