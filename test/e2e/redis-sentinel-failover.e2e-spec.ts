import { makeDocuments } from '../support/documents';
import { RedisSentinelGroup, until } from '../support/redis-topology';
import { TestFleet } from '../support/test-fleet';

const REQUEST_TIMEOUT_MS = 8_000;
const QUERIES = 40;
const CANDIDATES = 20;

interface Outcome {
  startedAt: number;
  ms: number;
  /** HTTP status, or 0 when no answer came within the deadline and a margin (a hang). */
  status: number;
  retryAfter: string | null;
  message?: string;
}

/** Requests one after another until stopped, each with its outcome; a missing answer is a hang. */
function steadyStream(fleet: TestFleet, outcomes: Outcome[]): { stop: () => Promise<void> } {
  let running = true;
  const loop = async (lane: number) => {
    for (let i = 0; running; i++) {
      const startedAt = Date.now();
      const documents = makeDocuments(4, lane * 10_000 + i);
      try {
        const response = await fetch(`${fleet.url}/v1/rerank`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'berlin population', documents }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + 5_000),
        });
        const body = (await response.json()) as { message?: string; results?: { index: number }[] };
        const complete = response.status === 200 && body.results?.length === documents.length;
        outcomes.push({
          startedAt,
          ms: Date.now() - startedAt,
          status: complete || response.status !== 200 ? response.status : -1,
          retryAfter: response.headers.get('retry-after'),
          message: body.message,
        });
        // A 503 says when to come back; a client honouring it a little would, too.
        if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      } catch {
        outcomes.push({ startedAt, ms: Date.now() - startedAt, status: 0, retryAfter: null });
      }
    }
  };
  const loops = [loop(1), loop(2)];
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * A Sentinel failover under load: one master, one replica, three sentinels (quorum 2), real
 * processes. The master is killed with SIGKILL while requests stream in and a bulk job runs.
 */
describe('the fleet on a Sentinel-managed Redis when the master dies', () => {
  let group: RedisSentinelGroup;
  let fleet: TestFleet;

  beforeAll(async () => {
    group = await RedisSentinelGroup.start(1000);
    fleet = await TestFleet.start({
      env: {
        ...group.env,
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
        RERANK_BULK_BATCH_PAIRS: '8',
        RERANK_SCORE_CACHE: 'off',
        RERANK_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      },
      // Jobs whose lock was on the dead master come back to a worker after this much.
      workerEnv: { WORKER_STALLED_INTERVAL_MS: '5000' },
    });
  }, 90_000);

  afterAll(async () => {
    await fleet?.stop();
    await group?.stop();
  });

  it('answers 503 with Retry-After (never 500, never a hang) until the replica is promoted, then serves again, and the bulk job finishes with every pair once', async () => {
    const upload = Array.from({ length: QUERIES }, (_, q) => ({
      query_id: `q${q}`,
      query: `river museum ${q}`,
      candidates: makeDocuments(CANDIDATES, q + 100).map((text, i) => ({ id: `q${q}-d${i}`, text })),
    }));
    const outcomes: Outcome[] = [];
    const stream = steadyStream(fleet, outcomes);
    let killedAt = 0;
    let promotedAt = 0;
    let jobId = '';
    try {
      await until('the stream to be served', async () => outcomes.filter((o) => o.status === 200).length >= 5);
      const submit = await fetch(`${fleet.url}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: upload.map((line) => JSON.stringify(line)).join('\n') + '\n',
      });
      expect(submit.status).toBe(202);
      jobId = ((await submit.json()) as { id: string }).id;
      await until('the bulk job to make progress', async () => (await fleet.get(`/v1/jobs/${jobId}`)).body.pairs.done > 0);

      killedAt = Date.now();
      await group.master.kill();
      await until('the sentinels to promote the replica', async () => (await group.masterPort()) === group.replica.port, 30_000);
      promotedAt = Date.now();
      await until(
        'a request started after the promotion to succeed',
        async () => outcomes.some((o) => o.startedAt > promotedAt && o.status === 200),
        30_000,
      );
    } catch (error) {
      const tail = outcomes
        .slice(-6)
        .map((o) => `${o.status} ${o.ms}ms ${o.message ?? ''}`)
        .join('\n');
      const logs = [fleet.gateway, ...fleet.workers]
        .map((child) => `--- ${child.role}\n${child.output.split('\n').slice(-25).join('\n')}`)
        .join('\n');
      throw new Error(`${(error as Error).message}\nlast outcomes:\n${tail}\n${logs}`);
    } finally {
      await stream.stop();
    }

    const failures = outcomes.filter((o) => o.status !== 200);
    const failureWindowMs = failures.length === 0 ? 0 : Math.max(...failures.map((o) => o.startedAt + o.ms)) - killedAt;
    console.log(
      JSON.stringify({
        requests: outcomes.length,
        failed: failures.length,
        statuses: failures.reduce<Record<number, number>>((counts, o) => ({ ...counts, [o.status]: (counts[o.status] ?? 0) + 1 }), {}),
        promotedAfterMs: promotedAt - killedAt,
        lastFailureEndedAfterKillMs: failureWindowMs,
      }),
    );
    expect(failures.filter((o) => o.status !== 503 && o.status !== 504)).toEqual([]);
    expect(failures.filter((o) => o.status === 503 && !(Number(o.retryAfter) >= 1)).map((o) => o.message)).toEqual([]);
    // A 504 is a request whose job the failover lost: answered at its deadline, not hung.
    expect(failures.filter((o) => o.status === 504 && o.ms >= REQUEST_TIMEOUT_MS + 3_000)).toEqual([]);
    // Once one request after the promotion succeeded, both the gateway and the workers are on the new master.
    const recoveredAt = Math.min(...outcomes.filter((o) => o.startedAt > promotedAt && o.status === 200).map((o) => o.startedAt));
    expect(outcomes.filter((o) => o.startedAt > recoveredAt && o.status !== 200)).toEqual([]);

    const finished = await until(
      `bulk job ${jobId} to finish`,
      async () => ['completed', 'failed', 'cancelled'].includes((await fleet.get(`/v1/jobs/${jobId}`)).body.state),
      120_000,
    ).then(() => fleet.get(`/v1/jobs/${jobId}`));
    expect(finished.body).toMatchObject({ state: 'completed', pairs: { done: QUERIES * CANDIDATES, total: QUERIES * CANDIDATES } });
    const lines = (await (await fetch(`${fleet.url}/v1/jobs/${jobId}/results`)).text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.query_id)).toEqual(upload.map((query) => query.query_id));
    for (const [q, line] of lines.entries()) {
      expect(line.results.map((r: { id: string }) => r.id).sort()).toEqual(upload[q].candidates.map((c) => c.id).sort());
    }
  }, 240_000);
});
