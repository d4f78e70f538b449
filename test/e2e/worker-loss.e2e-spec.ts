import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';

describe('a request whose only worker dies', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { RERANK_REQUEST_TIMEOUT_MS: '3000' } });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('ends in a 504 within its timeout instead of hanging', async () => {
    const [worker] = fleet.workers;
    // Freeze the worker so the request is certainly in flight when it dies.
    worker.child.kill('SIGSTOP');
    const started = Date.now();
    const pending = fleet.post('/v1/rerank', { query: 'q', documents: makeDocuments(40) });
    // One live worker: 40 documents are one job, which the frozen worker does not take.
    await queue.waitForWaiting(1);
    await worker.stop('SIGKILL');
    const response = await pending;
    const elapsed = Date.now() - started;
    expect(response.status).toBe(504);
    expect(response.body.message).toMatch(/^scoring did not finish within 3000 ms \(0 of 40 documents scored for model "tiny"\)/);
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(8000);
  });
});
