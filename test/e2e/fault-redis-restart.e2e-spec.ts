import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer } from '@rerank/scoring';
import { DedicatedRedis } from '../support/dedicated-redis';
import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TestFleet } from '../support/test-fleet';
import { waitUntil } from '../support/wait-until';

const QUERY = 'berlin population';
const TIMEOUT_MS = 20_000;
const RECOVERY_MS = 20_000;

/** The first answer `done` accepts; after `withinMs`, fails with the last one. */
async function pollUntil<T>(attempt: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  let last: T | undefined;
  return waitUntil(
    () => `still ${JSON.stringify(last)}`,
    async () => {
      last = await attempt();
      return done(last) ? last : undefined;
    },
    { timeoutMs: withinMs, everyMs: 200 },
  );
}

describe('a Redis restart under a running fleet', () => {
  let redis: DedicatedRedis;
  let fleet: TestFleet;
  let queue: QueueState;
  let direct: CrossEncoderScorer;

  beforeAll(async () => {
    // A Redis of this test's own: the shared one must never be stopped.
    redis = await DedicatedRedis.start();
    fleet = await TestFleet.start({
      env: { REDIS_URL: redis.url, RERANK_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), RERANK_JOB_DOCUMENTS: '4' },
      // A lone job waits a second for company, so a request is surely still in flight when Redis dies.
      workerEnv: { WORKER_CONCURRENCY: '1', RERANK_BATCH_WAIT_MS: '1000' },
    });
    queue = new QueueState(redis.url, fleet.prefix);
    direct = await loadDirectScorer();
  });

  afterAll(async () => {
    queue?.close();
    await direct?.release();
    await fleet?.stop();
    await redis?.stopServer();
  });

  it('fails requests in flight and new ones with 503, then serves again by itself once Redis is back', async () => {
    const documents = makeDocuments(12);
    const inFlight = fleet.post('/v1/rerank', { query: QUERY, documents });
    await queue.waitForActive(1);

    const killedAt = Date.now();
    await redis.stopServer();
    const lost = await inFlight;
    expect(lost.status).toBe(503);
    expect(lost.body.message).toBe('lost the connection to Redis while scoring; the request was not completed, retry it');
    // Failed fast: not left to run into the request timeout's 504.
    expect(Date.now() - killedAt).toBeLessThan(TIMEOUT_MS / 2);

    const duringOutage = Date.now();
    const refused = await fleet.post('/v1/rerank', { query: QUERY, documents });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/^cannot reach Redis/);
    expect(Date.now() - duringOutage).toBeLessThan(TIMEOUT_MS / 2);
    const notReady = await fleet.get('/health/ready');
    expect(notReady).toEqual({ status: 503, body: { status: 'not ready', reason: 'Redis does not answer' } });

    // Same port, but empty: jobs, queue metadata and heartbeats are gone; nothing is restarted but Redis.
    await redis.startServer();
    const ready = await pollUntil(() => fleet.get('/health/ready'), (response) => response.status === 200, RECOVERY_MS);
    expect(ready).toEqual({ status: 200, body: { status: 'ready' } });
    const served = await pollUntil(
      () => fleet.post('/v1/rerank', { query: QUERY, documents }),
      (response) => response.status === 200,
      RECOVERY_MS,
    );
    expect(served.status).toBe(200);
    expect(served.body.results.map((r: { index: number }) => r.index).sort((a: number, b: number) => a - b)).toEqual(
      documents.map((_, i) => i),
    );
    const alone = await direct.score(QUERY, documents);
    for (const result of served.body.results) expect(result.logit).toBeCloseTo(alone.logits[result.index], 4);
  });
});
