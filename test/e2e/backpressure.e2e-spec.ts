import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { PairBacklog } from '@rerank/queue';
import { deleteKeysUnder } from '../../tools/fleet/fleet-housekeeping';
import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';
import { waitUntil } from '../support/wait-until';

const QUERY = 'berlin population';

async function scrape(fleet: TestFleet): Promise<string> {
  return (await fetch(`${fleet.url}/metrics`)).text();
}

/** The value of one Prometheus sample, e.g. `rerank_queued_pairs{model="tiny"}`. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('backpressure: RERANK_MAX_QUEUED_PAIRS', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      // Jobs of 4 documents; the bound is 10 pairs, so one request of 12 documents fills the queue past it.
      env: { RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4', RERANK_SCORE_CACHE: 'off' },
      gatewayEnv: { RERANK_MAX_QUEUED_PAIRS: '10' },
      workerEnv: { WORKER_CONCURRENCY: '1' },
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('answers 429 with Retry-After before enqueueing anything while the queue is over the bound, and admits again once it drains', async () => {
    const [worker] = fleet.workers;
    expect((await fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4) })).status).toBe(200);

    worker.child.kill('SIGSTOP');
    let filling: ReturnType<TestFleet['post']> | undefined;
    try {
      filling = fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(12, 2), deadline_ms: 20_000 });
      await queue.waitForWaiting(3);

      const refused = await fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4, 3) });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.body.message).toMatch(
        new RegExp(
          `^model "tiny" has 12 pairs queued, over the bound of 10 \\(RERANK_MAX_QUEUED_PAIRS\\); it drains at about [\\d.]+ pairs/s, retry after ${retryAfter} s$`,
        ),
      );
      // The whole backlog at the drain rate: 12 pairs at the few pairs/s one finished request left in the estimate.
      const rate = Number(/about ([\d.]+) pairs\/s/.exec(refused.body.message)?.[1]);
      expect(retryAfter).toBeGreaterThanOrEqual(Math.min(60, Math.floor((12 / rate) * 0.75) - 1));
      const tei = await fleet.post('/rerank', { query: QUERY, texts: makeDocuments(2, 4) });
      expect([tei.status, tei.headers.get('retry-after')]).toEqual([429, expect.stringMatching(/^\d+$/)]);

      expect(await queue.waiting()).toBe(3);
      const metrics = await scrape(fleet);
      expect(sample(metrics, 'rerank_queued_pairs{model="tiny"}')).toBe(12);
      expect(sample(metrics, 'rerank_backpressure_rejections_total{model="tiny"}')).toBe(2);
    } finally {
      worker.child.kill('SIGCONT');
    }

    const filled = await filling;
    expect([filled?.status, filled?.body.partial]).toEqual([200, false]);
    // The queue has drained; a gateway may still hold its last backlog reading for a moment.
    const admitted = await waitUntil('a request admitted once the queue drained', async () => {
      const response = await fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4, 5) });
      return response.status === 429 ? undefined : response;
    });
    expect(admitted.status).toBe(200);
    // The fleet-wide figure in Redis: finished jobs leave it with the gateway's next backlog command, or 50 ms later.
    await waitUntil(
      'the backlog in Redis to be empty',
      async () => sample(await scrape(fleet), 'rerank_queued_pairs{model="tiny"}') === 0,
      {
        timeoutMs: 2_000,
      },
    );
  });
});

describe('backpressure: RERANK_MAX_QUEUE_SECONDS', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: { RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4', RERANK_SCORE_CACHE: 'off' },
      // A millisecond of work: a few pairs of the tiny model, whatever this machine's speed.
      gatewayEnv: { RERANK_MAX_QUEUE_SECONDS: '0.001' },
      workerEnv: { WORKER_CONCURRENCY: '1' },
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('admits everything until a worker has reported its speed, then bounds the queue by seconds of work', async () => {
    const [worker] = fleet.workers;
    // Nothing measured yet: this request is admitted whatever the bound.
    expect((await fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4) })).status).toBe(200);

    worker.child.kill('SIGSTOP');
    let filling: ReturnType<TestFleet['post']> | undefined;
    try {
      filling = fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(12, 2), deadline_ms: 20_000 });
      await queue.waitForWaiting(3);
      const refused = await fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4, 3) });
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(
        /^model "tiny" has 12 pairs queued, over the bound of \d+ \(0\.001 s of work for 1 worker scoring \d+ pairs\/s, RERANK_MAX_QUEUE_SECONDS\); it drains at about [\d.]+ pairs\/s, retry after \d+ s$/,
      );
      const bound = Number(/over the bound of (\d+)/.exec(refused.body.message)?.[1]);
      expect(bound).toBeGreaterThanOrEqual(1);
      expect(bound).toBeLessThan(12);
      expect(await queue.waiting()).toBe(3);
    } finally {
      worker.child.kill('SIGCONT');
    }
    expect((await filling)?.status).toBe(200);
  });
});

describe('PairBacklog', () => {
  const prefix = `test-${randomUUID()}`;
  const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const backlog = new PairBacklog(redis, prefix);

  afterAll(async () => {
    redis.disconnect();
    await deleteKeysUnder(TEST_REDIS_URL, prefix);
  });

  it('returns the pairs of the jobs counted in, less those released (each once) and those past their deadline', async () => {
    const now = Date.now();
    await backlog.add('q', [
      { jobId: 'a', pairs: 5, deadline: now + 60_000 },
      { jobId: 'b', pairs: 3, deadline: now + 120_000 },
      { jobId: 'c', pairs: 2, deadline: now - 1 },
    ]);
    expect(await backlog.count('q', now)).toBe(8);
    expect(await backlog.release('q', ['a', 'a', 'never-added'])).toBe(5);
    expect(await backlog.count('q', now)).toBe(3);
    expect(await backlog.count('q', now + 120_001)).toBe(0);
    expect(await backlog.count('other', now)).toBe(0);
  });
});
