import { GatewayConfig } from '@rerank/config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { CachedScoringService } from './cached-scoring.service';
import { ModelIdentity, ModelIdentityService } from './model-identity.service';
import { CachedScore, ScoreCache } from './score-cache';
import { DispatchRequest, DispatchResult, ScoreDispatcherService } from './score-dispatcher.service';

const IDENTITY: ModelIdentity = { fingerprint: 'f'.repeat(64), maxLength: 512 };
const WINDOWING = { aggregation: 'max' as const, meanTopK: 3, maxChunks: 4, stride: 64 };

/** A text's logit is its length (NaN for "unscored"), and a text over 10 characters wins a chunk. */
function scoreOf(text: string): { logit: number; bestChunk?: { start: number; end: number } } {
  if (text === 'unscored') return { logit: Number.NaN };
  return text.length > 10 ? { logit: text.length, bestChunk: { start: 1, end: 5 } } : { logit: text.length };
}

function serviceWith(options: { enabled?: boolean; failLookup?: boolean; failStore?: boolean } = {}) {
  const dispatched: DispatchRequest[] = [];
  const dispatcher = {
    dispatch: async (request: DispatchRequest): Promise<DispatchResult> => {
      dispatched.push(request);
      const scores = request.texts.map(scoreOf);
      return {
        logits: scores.map((score) => score.logit),
        bestChunks: scores.map((score) => score.bestChunk),
        // A text holds 3 tokens more than its characters (the query and the specials).
        documentTokens: request.texts.map((text) => (text === 'unscored' ? 0 : text.length + 3)),
        cachedTokens: 0,
        realTokens: 7 * request.texts.length,
        paddedTokens: 9 * request.texts.length,
        jobs: 1,
      };
    },
  };
  const stored = new Map<string, CachedScore>();
  const cache = {
    lookup: async (keys: readonly string[]) => {
      if (options.failLookup) throw new Error('connection lost');
      return keys.map((key) => stored.get(key));
    },
    store: async (entries: readonly (readonly [string, CachedScore])[]) => {
      if (options.failStore) throw new Error('connection lost');
      for (const [key, score] of entries) stored.set(key, score);
    },
  };
  const identities = { current: jest.fn(async (): Promise<ModelIdentity | undefined> => IDENTITY) };
  const metrics = new GatewayMetrics({ models: () => [], queueDepth: async () => ({}), liveWorkers: async () => 0 });
  const config = { queuePrefix: 'fleet', scoreCache: { enabled: options.enabled ?? true, ttlSeconds: 60 } } as GatewayConfig;
  const service = new CachedScoringService(
    config,
    dispatcher as unknown as ScoreDispatcherService,
    cache as unknown as ScoreCache,
    identities as unknown as ModelIdentityService,
    metrics,
  );
  return { service, dispatched, stored, identities, metrics };
}

const request = (texts: string[], extra: Partial<DispatchRequest> = {}): DispatchRequest => ({
  requestId: 'r',
  model: 'm',
  query: 'q',
  texts,
  windowing: WINDOWING,
  ...extra,
});

describe('CachedScoringService', () => {
  it('answers a repeated request from the cache, identically and without dispatching', async () => {
    const { service, dispatched } = serviceWith();
    const texts = ['short', 'a long document text', 'mid text'];
    const first = await service.dispatch(request(texts));
    const second = await service.dispatch(request(texts));
    expect(dispatched).toHaveLength(1);
    expect(second.logits).toEqual(first.logits);
    expect(second.bestChunks).toEqual(first.bestChunks);
    expect(second.logits).toEqual([5, 20, 8]);
    expect(second.bestChunks).toEqual([undefined, { start: 1, end: 5 }, undefined]);
    expect(second).toMatchObject({ realTokens: 0, paddedTokens: 0, jobs: 0 });
    expect(second.documentTokens).toEqual([8, 23, 11]);
    expect(second.cachedTokens).toBe(8 + 23 + 11);
  });

  it('dispatches only the texts it has not seen, once each, and puts their scores back in request order', async () => {
    const { service, dispatched } = serviceWith();
    await service.dispatch(request(['aa', 'bbbb']));
    const result = await service.dispatch(request(['new one', 'bbbb', 'new one', 'aa', 'x']));
    expect(dispatched[1].texts).toEqual(['new one', 'x']);
    expect(dispatched[1]).toMatchObject({ query: 'q', model: 'm', windowing: WINDOWING });
    expect(result.logits).toEqual([7, 4, 7, 2, 1]);
    expect(result).toMatchObject({ realTokens: 14, paddedTokens: 18, jobs: 1 });
    expect(result.documentTokens).toEqual([10, 7, 10, 5, 4]);
    expect(result.cachedTokens).toBe(7 + 5);
  });

  it('keeps scores apart for another query or other reading options', async () => {
    const { service, dispatched } = serviceWith();
    await service.dispatch(request(['aa']));
    await service.dispatch(request(['aa'], { query: 'other query' }));
    await service.dispatch(request(['aa'], { windowing: undefined }));
    await service.dispatch(request(['aa'], { maxDocumentTokens: 16 }));
    await service.dispatch(request(['aa'], { truncationDirection: 'left' }));
    expect(dispatched).toHaveLength(5);
  });

  it('never caches a document left unscored, so the next request scores it again', async () => {
    const { service, dispatched, stored } = serviceWith();
    const first = await service.dispatch(request(['unscored', 'aa']));
    expect(first.logits[0]).toBeNaN();
    expect(stored.size).toBe(1);
    await service.dispatch(request(['unscored', 'aa']));
    expect(dispatched[1].texts).toEqual(['unscored']);
  });

  it('counts hits and misses per model', async () => {
    const { service, metrics } = serviceWith();
    await service.dispatch(request(['aa', 'bb']));
    await service.dispatch(request(['aa', 'bb', 'cc']));
    const text = await metrics.registry.metrics();
    expect(text).toContain('rerank_score_cache_lookups_total{model="m",result="hit"} 2');
    expect(text).toContain('rerank_score_cache_lookups_total{model="m",result="miss"} 3');
    expect(text).toContain('rerank_score_cache_hit_ratio{model="m"} 0.4');
  });

  it('scores everything through the dispatcher when the cache is off', async () => {
    const { service, dispatched, stored, identities } = serviceWith({ enabled: false });
    await service.dispatch(request(['aa']));
    await service.dispatch(request(['aa']));
    expect(dispatched).toHaveLength(2);
    expect(stored.size).toBe(0);
    expect(identities.current).not.toHaveBeenCalled();
  });

  it('scores everything, caching nothing, while the model has no single identity', async () => {
    const { service, dispatched, stored, identities } = serviceWith();
    identities.current.mockResolvedValue(undefined);
    await service.dispatch(request(['aa']));
    await service.dispatch(request(['aa']));
    expect(dispatched).toHaveLength(2);
    expect(stored.size).toBe(0);
  });

  it('does not store scores when the identity changed while they were scored', async () => {
    const { service, stored, identities } = serviceWith();
    identities.current.mockResolvedValueOnce(IDENTITY).mockResolvedValueOnce({ ...IDENTITY, fingerprint: 'e'.repeat(64) });
    const result = await service.dispatch(request(['aa']));
    expect(result.logits).toEqual([2]);
    expect(stored.size).toBe(0);
  });

  it('answers normally when Redis fails during the lookup or the store', async () => {
    const lookupFails = serviceWith({ failLookup: true });
    expect((await lookupFails.service.dispatch(request(['aa', 'bbb']))).logits).toEqual([2, 3]);
    expect(lookupFails.dispatched[0].texts).toEqual(['aa', 'bbb']);
    const storeFails = serviceWith({ failStore: true });
    expect((await storeFails.service.dispatch(request(['aa', 'bbb']))).logits).toEqual([2, 3]);
  });
});
