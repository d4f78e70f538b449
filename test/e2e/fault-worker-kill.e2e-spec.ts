import { scoredJobs } from '../support/worker-logs';
import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer } from '@rerank/scoring';
import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'berlin population';

describe('a worker killed with kill -9 while it holds a job', () => {
  let fleet: TestFleet;
  let queue: QueueState;
  let direct: CrossEncoderScorer;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      workers: 2,
      env: { LOG_LEVEL: 'debug', RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4', RERANK_REQUEST_TIMEOUT_MS: '30000' },
      workerEnv: {
        // One job at a time, each held for a second (a lone job waits that long for company):
        // while the request runs, each worker surely holds one of its jobs.
        WORKER_CONCURRENCY: '1',
        RERANK_BATCH_WAIT_MS: '1000',
      },
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
    direct = await loadDirectScorer();
  });

  afterAll(async () => {
    queue?.close();
    await direct?.release();
    await fleet?.stop();
  });

  it('completes the request on the other worker, every document scored once, with undisturbed scores', async () => {
    const documents = makeDocuments(12);
    const started = Date.now();
    const pending = fleet.post('/v1/rerank', { query: QUERY, documents });
    await queue.waitForActive(2);
    const [victim, survivor] = fleet.workers;
    await victim.stop('SIGKILL');

    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { index: number }) => r.index).sort((a: number, b: number) => a - b)).toEqual(
      documents.map((_, i) => i),
    );
    const alone = await direct.score(QUERY, documents);
    for (const result of response.body.results) expect(result.logit).toBeCloseTo(alone.logits[result.index], 4);
    // Well inside the 30 s timeout: the job came back after the 3 s lock, not after BullMQ's default 30 s.
    expect(Date.now() - started).toBeLessThan(15_000);

    // The victim finished nothing; the survivor scored all three jobs, the recovered one included, once each.
    expect(scoredJobs(victim.output)).toEqual([]);
    const scored = scoredJobs(survivor.output);
    expect(scored.map((line) => line.jobId).sort()).toEqual([0, 1, 2].map((chunk) => expect.stringMatching(new RegExp(`\\.${chunk}$`))));
    expect(scored.reduce((sum, line) => sum + line.pairs, 0)).toBe(12);
    const metrics = await (await fetch(`${fleet.url}/metrics`)).text();
    expect(metrics).toContain('rerank_pairs_scored_total{model="tiny"} 12');
  });
});
