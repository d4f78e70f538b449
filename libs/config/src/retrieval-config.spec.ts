import { loadGatewayConfig } from './gateway-config';
import { loadRetrievalConfig } from './retrieval-config';

describe('retrieval settings', () => {
  it('returns the documented defaults', () => {
    expect(loadRetrievalConfig({})).toEqual({
      dataDir: './data',
      readConsistencySeconds: 1,
      optimizeDelayMs: 1000,
      prewarmIndexes: true,
      denseNprobes: 4,
      rrfK: 60,
    });
    expect(loadRetrievalConfig({ COLLECTIONS_PREWARM_INDEXES: 'off' }).prewarmIndexes).toBe(false);
    expect(loadRetrievalConfig({ COLLECTIONS_URI: 's3://bucket/rerank' }).collectionsUri).toBe('s3://bucket/rerank');
    expect(loadGatewayConfig({})).toMatchObject({
      dataDir: './data',
      collectionBatchDocuments: 1000,
      collectionJsonLimitBytes: 64 * 1024 * 1024,
      collectionLineLimitChars: 1024 * 1024,
      maxCandidates: 1000,
    });
  });

  it('names the variable when a limit is invalid', () => {
    expect(() => loadGatewayConfig({ SEARCH_MAX_CANDIDATES: '0' })).toThrow(/SEARCH_MAX_CANDIDATES: .*\(got "0"\)/);
    expect(() => loadGatewayConfig({ COLLECTION_BATCH_DOCUMENTS: 'many' })).toThrow(/COLLECTION_BATCH_DOCUMENTS/);
    expect(() => loadRetrievalConfig({ DATA_DIR: '' })).not.toThrow();
    expect(() => loadRetrievalConfig({ SEARCH_DENSE_NPROBES: '0' })).toThrow(/SEARCH_DENSE_NPROBES/);
    expect(() => loadRetrievalConfig({ COLLECTIONS_PREWARM_INDEXES: 'yes' })).toThrow(/COLLECTIONS_PREWARM_INDEXES: must be "on" or "off"/);
    expect(() => loadRetrievalConfig({ COLLECTIONS_READ_CONSISTENCY_S: '-1' })).toThrow(/COLLECTIONS_READ_CONSISTENCY_S/);
  });
});
