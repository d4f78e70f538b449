import { DirectEmbeddings } from '../support/direct-embeddings';
import { TINY_BI_ENCODER_FIXTURE_DIR } from '../support/fixtures';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';
import { embeddedJobs } from '../support/worker-logs';

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (value, k) => Math.abs(value - b[k])));

/** The scoring lanes' kill -9 guarantee, for embeddings: a killed worker's job is redone elsewhere, once. */
describe('a worker killed with kill -9 while it holds an embedding job', () => {
  let fleet: TestFleet;
  let queue: QueueState;
  let direct: DirectEmbeddings;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      workers: 2,
      env: {
        LOG_LEVEL: 'debug',
        RERANK_MODELS: `bi=${TINY_BI_ENCODER_FIXTURE_DIR}`,
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
        RERANK_REQUEST_TIMEOUT_MS: '30000',
      },
      workerEnv: {
        // One job at a time, each held for a second (a lone job waits that long for company):
        // while the request runs, each worker surely holds one of its jobs.
        WORKER_CONCURRENCY: '1',
        RERANK_BATCH_WAIT_MS: '1000',
        WORKER_STALLED_INTERVAL_MS: '2000',
      },
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix, 'bi');
    direct = await DirectEmbeddings.load();
  });

  afterAll(async () => {
    queue?.close();
    await direct?.release();
    await fleet?.stop();
  });

  it('returns every vector, in order and undisturbed, with each job embedded once by the survivor', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `document ${i} about berlin and ${['paris', 'rome', 'madrid'][i % 3]}`);
    const pending = fleet.post('/v1/embeddings', { model: 'bi', input: texts });
    await queue.waitForActive(2);
    const [victim, survivor] = fleet.workers;
    await victim.stop('SIGKILL');

    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.body.data.map((entry: { index: number }) => entry.index)).toEqual(texts.map((_, i) => i));
    for (const [i, text] of texts.entries()) {
      expect(maxDifference(response.body.data[i].embedding, await direct.embed(text))).toBeLessThan(1e-5);
    }
    expect(embeddedJobs(victim.output)).toEqual([]);
    const embedded = embeddedJobs(survivor.output);
    expect(embedded.map((line) => line.jobId).sort()).toEqual([0, 1, 2].map((chunk) => expect.stringMatching(new RegExp(`\\.${chunk}$`))));
    expect(embedded.reduce((sum, line) => sum + line.texts, 0)).toBe(12);
  });
});
