import { loadDirectScorer } from '../support/direct-scorer';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreQueueName } from '@rerank/contracts';
import { generateFixtureModel } from '@rerank/fixture-model';
import { makeDocuments } from '../support/documents';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'How many people live in Berlin?';
const DOCUMENTS = makeDocuments(20, 11);
const FRESH = 'A new document about the river Spree, which flows through Berlin.';

/** A counter or gauge from the gateway's /metrics; 0 when the series does not exist yet. */
async function metric(fleet: TestFleet, series: string): Promise<number> {
  const text = await (await fetch(`${fleet.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const pairsScored = (fleet: TestFleet) => metric(fleet, 'rerank_pairs_scored_total{model="tiny"}');
const cacheLookups = async (fleet: TestFleet) => ({
  hit: await metric(fleet, 'rerank_score_cache_lookups_total{model="tiny",result="hit"}'),
  miss: await metric(fleet, 'rerank_score_cache_lookups_total{model="tiny",result="miss"}'),
});

async function cacheKeys(redis: IORedis, fleet: TestFleet): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${fleet.prefix}:score-cache:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  return keys;
}

const logitOfText = (results: { index: number; logit: number }[], texts: string[], text: string) =>
  results.find((result) => texts[result.index] === text)?.logit;

describe('the fleet-wide score cache', () => {
  let fleet: TestFleet;
  let redis: IORedis;
  let queue: Queue;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'score-cache-e2e-'));
    fleet = await TestFleet.start({
      // A job the frozen worker cannot take ends the request in 504 soon, instead of hanging the test.
      env: {
        RERANK_JOB_DOCUMENTS: '8',
        RERANK_JOB_MAX_DOCUMENTS: '8',
        RERANK_REQUEST_TIMEOUT_MS: '5000',
        RERANK_SCORE_CACHE_TTL_SECONDS: '600',
      },
    });
    redis = new IORedis(TEST_REDIS_URL);
    queue = new Queue(scoreQueueName('tiny'), { connection: redis, prefix: fleet.prefix });
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await fleet?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('answers a repeated request from the cache, identically and without a job, even with the only worker frozen', async () => {
    const first = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
    expect(first.status).toBe(200);
    expect(first.body.usage.total_tokens).toBeGreaterThan(0);
    expect(await cacheLookups(fleet)).toEqual({ hit: 0, miss: 20 });
    const pairs = await pairsScored(fleet);

    const [worker] = fleet.workers;
    worker.child.kill('SIGSTOP');
    try {
      const second = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
      expect(second.status).toBe(200);
      expect(second.body.results).toEqual(first.body.results);
      // Metered as the hosted APIs do, by the tokens the request holds; the cached share says none were read now.
      expect(first.body.usage.cached_tokens).toBe(0);
      expect(second.body.usage).toEqual({
        documents: 20,
        total_tokens: first.body.usage.total_tokens,
        cached_tokens: first.body.usage.total_tokens,
      });
      // TEI's default reading (max of windows, default stride and chunk limit) is /v1/rerank's: same entries.
      const tei = await fleet.post('/rerank', { query: QUERY, texts: DOCUMENTS, raw_scores: true });
      expect(tei.status).toBe(200);
      expect(tei.body.map((r: { index: number; score: number }) => [r.index, r.score])).toEqual(
        first.body.results.map((r: { index: number; logit: number }) => [r.index, r.logit]),
      );
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).toMatchObject({
        waiting: 0,
        active: 0,
        delayed: 0,
        prioritized: 0,
      });
    } finally {
      worker.child.kill('SIGCONT');
    }
    expect(await pairsScored(fleet)).toBe(pairs);
    expect(await cacheLookups(fleet)).toEqual({ hit: 40, miss: 20 });
    expect(await metric(fleet, 'rerank_score_cache_hit_ratio{model="tiny"}')).toBeCloseTo(40 / 60, 6);
  });

  it('sends only a new document mixed in with cached ones to the queue', async () => {
    const direct = await loadDirectScorer();
    try {
      const cached = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
      const texts = [...DOCUMENTS.slice(0, 10), FRESH, ...DOCUMENTS.slice(10)];
      const pairs = await pairsScored(fleet);
      const before = await cacheLookups(fleet);

      const mixed = await fleet.post('/v1/rerank', { query: QUERY, documents: texts });
      expect(mixed.status).toBe(200);
      expect(await pairsScored(fleet)).toBe(pairs + 1);
      expect(await cacheLookups(fleet)).toEqual({ hit: before.hit + 20, miss: before.miss + 1 });
      expect(mixed.body.results).toHaveLength(21);
      for (const text of DOCUMENTS) {
        expect(logitOfText(mixed.body.results, texts, text)).toBe(logitOfText(cached.body.results, DOCUMENTS, text));
      }
      expect(logitOfText(mixed.body.results, texts, FRESH)).toBeCloseTo((await direct.score(QUERY, [FRESH])).logits[0], 4);
    } finally {
      await direct.release();
    }
  });

  it('keeps scores apart per reading: truncation is scored anew, and every entry expires', async () => {
    const pairs = await pairsScored(fleet);
    const truncated = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, truncate: true });
    expect(truncated.status).toBe(200);
    expect(await pairsScored(fleet)).toBe(pairs + 20);

    const keys = await cacheKeys(redis, fleet);
    // 20 documents and FRESH read in windows, and the 20 truncated.
    expect(keys).toHaveLength(41);
    expect(keys.every((key) => key.startsWith(`${fleet.prefix}:score-cache:tiny:`))).toBe(true);
    const ttls = await Promise.all(keys.map((key) => redis.ttl(key)));
    expect(Math.min(...ttls)).toBeGreaterThan(0);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(600);
  });

  it('bypasses the cache while the live workers of the model run different files, and logs it once', async () => {
    const otherDir = (await generateFixtureModel({ arch: 'tiny', outDir: join(root, 'other'), seed: 7 })).dir;
    await fleet.addWorker({ RERANK_MODELS: `tiny=${otherDir}` });
    const keys = (await cacheKeys(redis, fleet)).length;
    const pairs = await pairsScored(fleet);
    const lookups = await cacheLookups(fleet);

    for (const documents of [DOCUMENTS, DOCUMENTS, makeDocuments(5, 99)]) {
      expect((await fleet.post('/v1/rerank', { query: QUERY, documents })).status).toBe(200);
    }
    expect(await pairsScored(fleet)).toBe(pairs + 45);
    expect(await cacheLookups(fleet)).toEqual(lookups);
    expect((await cacheKeys(redis, fleet)).length).toBe(keys);
    expect(fleet.gateway.output.match(/score cache bypassed/g)).toHaveLength(1);
  });
});

describe('with RERANK_SCORE_CACHE=off', () => {
  let fleet: TestFleet;
  let redis: IORedis;

  beforeAll(async () => {
    fleet = await TestFleet.start({ gatewayEnv: { RERANK_SCORE_CACHE: 'off' } });
    redis = new IORedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await fleet?.stop();
  });

  it('sends every request to the queue and keeps nothing in Redis', async () => {
    const first = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
    const second = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await pairsScored(fleet)).toBe(40);
    expect(second.body.usage.total_tokens).toBe(first.body.usage.total_tokens);
    expect(await cacheKeys(redis, fleet)).toEqual([]);
    expect(await cacheLookups(fleet)).toEqual({ hit: 0, miss: 0 });
  });
});
