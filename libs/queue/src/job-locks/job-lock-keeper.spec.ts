import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { Job, Queue, Worker } from 'bullmq';
import { deleteKeysUnder } from '../../../../tools/fleet/fleet-housekeeping';
import { TEST_REDIS_URL } from '../../../../test/support/redis';
import { createRedisConnection } from '../redis-connection';
import { JobLockKeeper } from './job-lock-keeper';

const LOCK_MS = 800;
const QUEUE = 'locks';

/** Freezes this thread's event loop, as tokenizing a huge job does, while other threads run on. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('JobLockKeeper', () => {
  let prefix: string;
  let redis: IORedis;
  let queue: Queue;
  let worker: Worker;
  let keeper: JobLockKeeper;

  const lockOf = (job: Job) => redis.get(`${prefix}:${QUEUE}:${job.id}:lock`);
  /** Adds a job and takes it the way a worker does, with BullMQ's own renewal off. */
  const takeJob = async (jobId: string, token: string) => {
    await queue.add('j', {}, { jobId });
    const job = await worker.getNextJob(token, { block: false });
    if (job?.id !== jobId) throw new Error(`expected to take ${jobId}, took ${job?.id}`);
    return job;
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    prefix = `test-${randomUUID()}`;
    redis = createRedisConnection(TEST_REDIS_URL, 'consumer');
    queue = new Queue(QUEUE, { connection: redis, prefix });
    worker = new Worker(QUEUE, null, { connection: redis, prefix, lockDuration: LOCK_MS, skipLockRenewal: true, autorun: false });
    keeper = await JobLockKeeper.start({ redisUrl: TEST_REDIS_URL, prefix, lockMs: LOCK_MS });
  });

  afterEach(async () => {
    await keeper?.close();
    await worker?.close();
    await queue?.close();
    redis?.disconnect();
    await deleteKeysUnder(TEST_REDIS_URL, prefix);
  });

  it('keeps a held job locked while the event loop is blocked for three times the lock', async () => {
    const held = await takeJob('held', 'token-held');
    const unheld = await takeJob('unheld', 'token-unheld');
    keeper.hold(QUEUE, 'j', 'held', 'token-held');

    blockEventLoop(3 * LOCK_MS);

    expect(await lockOf(held)).toBe('token-held');
    // The control: without the thread a lock lapses after LOCK_MS.
    expect(await lockOf(unheld)).toBeNull();
  });

  it('stops renewing a released job, whose lock then lapses', async () => {
    const job = await takeJob('released', 'token-a');
    keeper.hold(QUEUE, 'j', 'released', 'token-a');
    blockEventLoop(LOCK_MS);
    expect(await lockOf(job)).toBe('token-a');

    keeper.release('token-a');
    blockEventLoop(2 * LOCK_MS);
    expect(await lockOf(job)).toBeNull();
  });

  it('leaves alone, and reports, a lock another worker took over (the job was handed on while this one was frozen)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const job = await takeJob('handed-on', 'token-frozen');
    keeper.hold(QUEUE, 'j', 'handed-on', 'token-frozen');
    await redis.set(`${prefix}:${QUEUE}:handed-on:lock`, 'token-survivor', 'PX', LOCK_MS);

    blockEventLoop(2 * LOCK_MS);
    // The thread's report waits for this thread's event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Renewing would have kept the survivor's token alive; the keeper only ever renews its own.
    expect(await lockOf(job)).toBeNull();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ queue: QUEUE, jobId: 'handed-on', msg: expect.stringMatching(/^lost the lock/) }),
    );
    warn.mockRestore();
  });
});
