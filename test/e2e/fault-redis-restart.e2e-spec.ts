import IORedis from 'ioredis';
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

/** Lines a process printed that a log collector could not parse as one JSON object. */
function notJson(line: string): boolean {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed !== 'object' || parsed === null;
  } catch {
    return true;
  }
}

/** The Redis 503 of the exception filter: the same sentence on every route, with its Retry-After. */
const REDIS_AWAY = /^cannot reach Redis, where the queues, bulk jobs and worker heartbeats live, so nothing was done; retry after (\d+) s$/;

describe('a Redis restart under a running fleet', () => {
  let redis: DedicatedRedis;
  let fleet: TestFleet;
  let queue: QueueState;
  let direct: CrossEncoderScorer;
  const unparsable: string[] = [];

  beforeAll(async () => {
    // A Redis of this test's own: the shared one must never be stopped.
    redis = await DedicatedRedis.start();
    fleet = await TestFleet.start({
      env: {
        REDIS_URL: redis.url,
        RERANK_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
      },
      // A lone job waits a second for company, so a request is surely still in flight when Redis dies.
      // Locks of 2 s, so a worker paused for a few seconds resumes with its job's lock gone.
      workerEnv: { WORKER_CONCURRENCY: '1', RERANK_BATCH_WAIT_MS: '1000', WORKER_STALLED_INTERVAL_MS: '2000' },
      onLine: (role, line) => notJson(line) && unparsable.push(`${role}: ${line}`),
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
    expect(refused.body.message).toMatch(REDIS_AWAY);
    expect(refused.headers.get('retry-after')).toBe(REDIS_AWAY.exec(refused.body.message)?.[1]);
    expect(Date.now() - duringOutage).toBeLessThan(TIMEOUT_MS / 2);
    const notReady = await fleet.get('/health/ready');
    expect(notReady).toEqual({ status: 503, body: { status: 'not ready', reason: 'Redis does not answer' } });

    // Same port, but empty: jobs, queue metadata and heartbeats are gone; nothing is restarted but Redis.
    await redis.startServer();
    const ready = await pollUntil(
      () => fleet.get('/health/ready'),
      (response) => response.status === 200,
      RECOVERY_MS,
    );
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

  it('answers 503 with Retry-After and a sentence a person reads on every route while Redis is down', async () => {
    await redis.stopServer();
    const upload = `${JSON.stringify({ query_id: 'q', query: QUERY, candidates: [{ id: 'a', text: 'berlin' }] })}\n`;
    const json = { 'content-type': 'application/json' };
    const rerank = JSON.stringify({ query: QUERY, documents: ['berlin'] });
    const routes: [string, string, { body?: string; headers?: Record<string, string> }?][] = [
      ['GET', '/v1/jobs/0123456789abcdef0123456789abcdef'],
      ['GET', '/v1/jobs/0123456789abcdef0123456789abcdef/results'],
      ['DELETE', '/v1/jobs/0123456789abcdef0123456789abcdef'],
      ['POST', '/v1/jobs', { body: upload, headers: { 'content-type': 'application/x-ndjson' } }],
      ['GET', '/v1/models'],
      ['POST', '/v1/rerank', { body: rerank, headers: json }],
      ['POST', '/v2/rerank', { body: rerank, headers: json }],
      ['POST', '/rerank', { body: JSON.stringify({ query: QUERY, texts: ['berlin'] }), headers: json }],
      ['GET', '/admin/queues/api/queues'],
    ];
    try {
      const answers = [];
      for (const [method, path, init] of routes) {
        const { status, json: body, headers } = await fleet.send(method, path, init);
        // TEI's /rerank says it in TEI's shape ({ error, error_type }).
        const message: string = body?.message ?? body?.error ?? '';
        answers.push({
          route: `${method} ${path}`,
          status,
          message: REDIS_AWAY.test(message),
          retryAfter: headers.get('retry-after') === REDIS_AWAY.exec(message)?.[1],
        });
      }
      expect(answers).toEqual(
        routes.map(([method, path]) => ({ route: `${method} ${path}`, status: 503, message: true, retryAfter: true })),
      );
    } finally {
      await redis.startServer();
    }
    const ready = await pollUntil(
      () => fleet.get('/health/ready'),
      (response) => response.status === 200,
      RECOVERY_MS,
    );
    expect(ready.status).toBe(200);
  });

  it('prints nothing but JSON lines through Redis restarts and a worker resumed after its job lock expired', async () => {
    const documents = makeDocuments(4);
    const [worker] = fleet.workers;
    const admitted = await pollUntil(
      () => fleet.post('/v1/rerank', { query: QUERY, documents }),
      (response) => response.status === 200,
      RECOVERY_MS,
    );
    expect(admitted.status).toBe(200);

    // Documents of its own: the score cache would answer the ones above without a job.
    const inFlight = fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4, 7), deadline_ms: 20_000 });
    await queue.waitForActive(1);
    worker.child.kill('SIGSTOP');
    try {
      // Paused past its 2 s lock: the lock is gone when it wakes, and it cannot finish the job as its own.
      const locks = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        await pollUntil(
          () => locks.keys(`${fleet.prefix}:*:lock`),
          (keys) => keys.length === 0,
          10_000,
        );
      } finally {
        locks.disconnect();
      }
    } finally {
      worker.child.kill('SIGCONT');
    }
    // Handed on as stalled or finished late: either way the request is answered.
    expect([200, 504]).toContain((await inFlight).status);
    // Health is answered only once the worker's event loop has run again, logging what it met.
    const after = await pollUntil(
      () => fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(4, 9) }),
      (response) => response.status === 200,
      RECOVERY_MS,
    );
    expect(after.status).toBe(200);

    expect(unparsable).toEqual([]);
  });
});
