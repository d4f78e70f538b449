import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { ScorePairsResult, deadlinePassedReason } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { createRedisConnection } from '@rerank/queue';
import { deleteKeysUnder } from '../../../../tools/fleet/fleet-housekeeping';
import { TEST_REDIS_URL } from '../../../../test/support/redis';
import { waitUntil } from '../../../../test/support/wait-until';
import { ScoreResultsListener, ScoringFailedError } from './score-results.listener';
import { useRealRedis } from '../../../../test/support/real-redis';

const QUEUE = 'score.tiny.interactive';

/** What a worker returns for `pairs` pairs of which each took `msPerPair` of model time. */
const resultOf = (pairs: number, msPerPair: number, workerId = 'w1'): ScorePairsResult => ({
  scores: Array.from({ length: pairs }, (_, index) => ({ index, logit: index / 10 })),
  paddedTokens: pairs * 8,
  realTokens: pairs * 6,
  busyMs: pairs * msPerPair,
  workerId,
});

// Real Redis and a real BullMQ worker; its processor returns fixed results instead of running a
// model, since what is under test is how the gateway hears about results, not scoring.
describe('ScoreResultsListener (real Redis and BullMQ)', () => {
  const real = useRealRedis();
  let listener: ScoreResultsListener;
  let queue: Queue;
  let worker: Worker | undefined;
  // BullMQ leaves the connections it is handed open: they are closed here, or Jest never exits.
  let connections: IORedis[] = [];
  const connection = (role: 'producer' | 'consumer') => {
    const opened = createRedisConnection(TEST_REDIS_URL, role);
    connections.push(opened);
    return opened;
  };

  beforeEach(() => {
    listener = new ScoreResultsListener(
      { redis: { mode: 'single', url: TEST_REDIS_URL }, queuePrefix: real.prefix } as GatewayConfig,
      real.redis,
    );
    queue = new Queue(QUEUE, { connection: connection('producer'), prefix: real.prefix });
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await listener.onApplicationShutdown();
    await queue.close();
    for (const opened of connections) opened.disconnect();
    connections = [];
    await deleteKeysUnder(TEST_REDIS_URL, real.prefix);
  });

  const startWorker = (process: (data: { pairs: number; fail?: string }) => ScorePairsResult) => {
    worker = new Worker(
      QUEUE,
      async (job) => {
        const data = job.data as { pairs: number; fail?: string };
        if (data.fail) throw new UnrecoverableError(data.fail);
        return process(data);
      },
      { connection: connection('consumer'), prefix: real.prefix },
    );
  };

  it('resolves each registered job with the result its worker returned', async () => {
    await listener.listen(QUEUE);
    startWorker(({ pairs }) => resultOf(pairs, 2));
    const first = listener.expect('r1.0');
    const second = listener.expect('r1.1');
    await queue.addBulk([
      { name: 'score', data: { pairs: 3 }, opts: { jobId: 'r1.0', removeOnComplete: true } },
      { name: 'score', data: { pairs: 2 }, opts: { jobId: 'r1.1', removeOnComplete: true } },
    ]);
    expect(await first).toEqual(resultOf(3, 2));
    expect(await second).toEqual(resultOf(2, 2));
    expect(listener.waiting).toBe(0);
  });

  it('rejects a job that failed for good with its reason', async () => {
    await listener.listen(QUEUE);
    startWorker(({ pairs }) => resultOf(pairs, 1));
    const failing = listener.expect('bad.0');
    await queue.add('score', { pairs: 1, fail: 'payload: "documents" must be an array' }, { jobId: 'bad.0' });
    const error = await failing.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScoringFailedError);
    expect((error as ScoringFailedError).message).toBe('scoring job bad.0 failed: payload: "documents" must be an array');
    expect((error as ScoringFailedError).deadlinePassed).toBe(false);
  });

  it('tells a job a worker dropped for its deadline from one that failed', async () => {
    await listener.listen(QUEUE);
    startWorker(({ pairs }) => resultOf(pairs, 1));
    const dropped = listener.expect('late.0');
    await queue.add('score', { pairs: 1, fail: deadlinePassedReason(12) }, { jobId: 'late.0' });
    const error = await dropped.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScoringFailedError);
    expect((error as ScoringFailedError).deadlinePassed).toBe(true);
  });

  it('measures what the fleet drains and how fast a worker scores, from every completion on the queue', async () => {
    await listener.listen(QUEUE);
    expect(listener.drainRate(QUEUE)).toBe(0);
    expect(listener.serviceSpeed(QUEUE)).toBe(0);
    startWorker(({ pairs }) => resultOf(pairs, 5));
    // Jobs nobody here waits for (another gateway's) count too.
    await queue.add('score', { pairs: 40 }, { jobId: 'other.0', removeOnComplete: true });
    await waitUntil('the completion to be measured', () => listener.serviceSpeed(QUEUE) > 0);
    // 40 pairs in 200 ms of model time: 200 pairs per second of model time.
    expect(listener.serviceSpeed(QUEUE)).toBeCloseTo(200, 0);
    expect(listener.drainRate(QUEUE)).toBeGreaterThan(0);
  });

  it('drops the results of jobs it was told to forget', async () => {
    await listener.listen(QUEUE);
    startWorker(({ pairs }) => resultOf(pairs, 1));
    let settled = false;
    // Never settles once forgotten; the flag shows it did not.
    void listener.expect('late.0').finally(() => (settled = true));
    listener.forget(['late.0']);
    expect(listener.waiting).toBe(0);
    const kept = listener.expect('kept.0');
    await queue.addBulk([
      { name: 'score', data: { pairs: 1 }, opts: { jobId: 'late.0', removeOnComplete: true } },
      { name: 'score', data: { pairs: 1 }, opts: { jobId: 'kept.0', removeOnComplete: true } },
    ]);
    await kept;
    expect(settled).toBe(false);
  });
});
