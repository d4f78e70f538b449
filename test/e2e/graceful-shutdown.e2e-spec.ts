import { connect } from 'node:net';
import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';
import { waitUntil } from '../support/wait-until';

const QUERY = 'berlin population';
// One job at a time, each held for a second (a lone job waits that long for company), so a
// request is surely in flight when the signal arrives.
const SLOW_WORKER = { WORKER_CONCURRENCY: '1', RERANK_BATCH_WAIT_MS: '1000' };

const sortedIndices = (results: { index: number }[]) => results.map((r) => r.index).sort((a, b) => a - b);

/**
 * Whether a new TCP connection to `url`'s port is accepted, refused, or reset: a connection that
 * reaches the listening socket while it closes is reset rather than refused, so a caller waiting
 * for the port to close asks again.
 */
function tryConnect(url: string): Promise<'accepted' | 'refused' | 'reset'> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve('refused');
      else if (error.code === 'ECONNRESET') resolve('reset');
      else reject(error);
    });
  });
}

describe('SIGTERM to the only worker while it holds a job', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { LOG_LEVEL: 'debug', RERANK_REQUEST_TIMEOUT_MS: '5000' }, workerEnv: SLOW_WORKER });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('finishes the job in hand, takes no other, exits 0, and later requests get 503 at once', async () => {
    const [worker] = fleet.workers;
    const documents = makeDocuments(4);
    const inHand = fleet.post('/v1/rerank', { query: QUERY, documents });
    await queue.waitForActive(1);
    // Queued behind the job in hand: a stopping worker must leave it for others.
    const queued = fleet.post('/v1/rerank', { query: `${QUERY} again`, documents });
    await queue.waitForWaiting(1);

    const exitCode = await worker.stop('SIGTERM');
    expect(exitCode).toBe(0);
    const finished = await inHand;
    expect(finished.status).toBe(200);
    expect(sortedIndices(finished.body.results)).toEqual([0, 1, 2, 3]);
    expect(worker.output.split('\n').filter((line) => line.includes('"scored"'))).toHaveLength(1);

    const started = Date.now();
    const refused = await fleet.post('/v1/rerank', { query: QUERY, documents });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/^no worker serves model "tiny"/);
    expect(Date.now() - started).toBeLessThan(2000);

    // The stopping worker left the queued job for others; with none left, its documents stay
    // unscored until the request's deadline (whichever way the gateway answers that).
    expect(await queue.waiting()).toBe(1);
    const left = await queued;
    const scoredLeft = left.status === 200 ? left.body.results.filter((r: { logit: number | null }) => r.logit !== null) : [];
    expect(scoredLeft).toEqual([]);
  });
});

describe('SIGTERM to the gateway while a request is in flight', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: { RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4', RERANK_REQUEST_TIMEOUT_MS: '20000' },
      workerEnv: SLOW_WORKER,
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('refuses new connections, answers the request in flight, and exits 0', async () => {
    const documents = makeDocuments(12);
    let answered = false;
    // Three jobs of a second each on the one worker: about three seconds in flight.
    const inFlight = fleet.post('/v1/rerank', { query: QUERY, documents }).finally(() => (answered = true));
    await queue.waitForActive(1);

    const exited = fleet.gateway.stop('SIGTERM');
    await waitUntil('the gateway to refuse new connections', async () => (await tryConnect(fleet.url)) === 'refused', { timeoutMs: 2000 });
    expect(answered).toBe(false);

    const response = await inFlight;
    const answeredAt = Date.now();
    expect(response.status).toBe(200);
    expect(sortedIndices(response.body.results)).toEqual(documents.map((_, i) => i));
    expect(await exited).toBe(0);
    // Its keep-alive connection is closed with the answer, rather than held open by the client.
    expect(Date.now() - answeredAt).toBeLessThan(2000);
  });
});

describe('a gateway stop that outlasts RERANK_SHUTDOWN_GRACE_MS', () => {
  let fleet: TestFleet;
  let queue: QueueState;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: { RERANK_JOB_DOCUMENTS: '4', RERANK_JOB_MAX_DOCUMENTS: '4', RERANK_REQUEST_TIMEOUT_MS: '20000' },
      gatewayEnv: { RERANK_SHUTDOWN_GRACE_MS: '500' },
      workerEnv: SLOW_WORKER,
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
  });

  afterAll(async () => {
    queue?.close();
    await fleet?.stop();
  });

  it('gives up on the request in flight and exits 1 instead of waiting for it', async () => {
    const inFlight = fleet.post('/v1/rerank', { query: QUERY, documents: makeDocuments(12) }).then(
      (response) => response.status,
      () => 'connection lost',
    );
    await queue.waitForActive(1);
    expect(await fleet.gateway.stop('SIGTERM')).toBe(1);
    expect(await inFlight).toBe('connection lost');
    expect(fleet.gateway.output).toContain('shutdown did not finish within RERANK_SHUTDOWN_GRACE_MS; exiting anyway');
  });
});
