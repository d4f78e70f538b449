import { bulkJobKeys } from '@rerank/contracts';
import { NewBulkJob } from './bulk-job';
import { UnreadableBulkJobError } from './bulk-job.records';
import { BulkJobStore } from './bulk-job.store';
import { useRealRedis } from '../../../test/support/real-redis';

const TTL_SECONDS = 600;

function newJob(pairsTotal: number): NewBulkJob {
  return { id: 'job1', model: 'tiny', queries: 2, pairsTotal, batches: 2, requestId: 'req-1', createdAt: 1_000 };
}

describe('BulkJobStore', () => {
  const real = useRealRedis();
  let store: BulkJobStore;

  beforeEach(() => {
    store = new BulkJobStore(real.redis, real.prefix, TTL_SECONDS);
  });

  it('keeps the enqueue lease while the gateway renews it and drops it once every batch is enqueued', async () => {
    await store.create({ ...newJob(4), enqueueLeaseUntil: 61_000 });
    expect((await store.get('job1'))?.enqueueLeaseUntil).toBe(61_000);
    await store.extendEnqueueLease('job1', 90_000);
    expect((await store.get('job1'))?.enqueueLeaseUntil).toBe(90_000);
    await store.markEnqueued('job1');
    expect((await store.get('job1'))?.enqueueLeaseUntil).toBeUndefined();
  });

  it('counts a batch stored twice once and keeps the scores of its first run', async () => {
    await store.create(newJob(4));
    const first = await store.storeScores('job1', [
      {
        queryIndex: 0,
        scores: [
          ['a', 1.5],
          ['b', -2.25],
        ],
      },
    ]);
    const again = await store.storeScores('job1', [
      {
        queryIndex: 0,
        scores: [
          ['a', 9],
          ['b', 9],
        ],
      },
    ]);

    expect(first).toEqual({ written: 2, pairsDone: 2, state: 'running' });
    expect(again).toEqual({ written: 0, pairsDone: 2, state: 'running' });
    expect(await store.queryScores('job1', 0)).toEqual(
      new Map([
        ['a', 1.5],
        ['b', -2.25],
      ]),
    );
  });

  it('counts only the new pairs of a batch that overlaps what is stored', async () => {
    await store.create(newJob(4));
    await store.storeScores('job1', [{ queryIndex: 0, scores: [['a', 1]] }]);
    const overlap = await store.storeScores('job1', [
      {
        queryIndex: 0,
        scores: [
          ['a', 5],
          ['b', 2],
        ],
      },
    ]);

    expect(overlap.written).toBe(1);
    expect((await store.get('job1'))?.pairsDone).toBe(2);
    expect(await store.queryScores('job1', 0)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
  });

  it('returns queued, then running, then completed once every pair of every query is stored', async () => {
    await store.create(newJob(3));
    expect(await store.state('job1')).toBe('queued');

    await store.storeScores('job1', [{ queryIndex: 0, scores: [['a', 0.5]] }], 2_000);
    const running = await store.get('job1');
    expect(running).toMatchObject({ state: 'running', pairsDone: 1, startedAt: 2_000 });
    expect(running?.finishedAt).toBeUndefined();

    const last = await store.storeScores(
      'job1',
      [
        { queryIndex: 0, scores: [['b', 0.25]] },
        { queryIndex: 1, scores: [['a', -1]] },
      ],
      3_000,
    );
    expect(last).toEqual({ written: 2, pairsDone: 3, state: 'completed' });
    expect(await store.get('job1')).toMatchObject({ state: 'completed', pairsDone: 3, pairsTotal: 3, startedAt: 2_000, finishedAt: 3_000 });
    expect(await store.queryScores('job1', 1)).toEqual(new Map([['a', -1]]));
  });

  it('stores nothing for a cancelled job and keeps what was stored before', async () => {
    await store.create(newJob(4));
    await store.storeScores('job1', [{ queryIndex: 0, scores: [['a', 1]] }]);

    expect(await store.cancel('job1', 5_000)).toBe('running');
    const late = await store.storeScores('job1', [
      { queryIndex: 0, scores: [['b', 2]] },
      { queryIndex: 1, scores: [['a', 3]] },
    ]);

    expect(late).toEqual({ written: 0, pairsDone: -1, state: 'cancelled' });
    expect(await store.get('job1')).toMatchObject({ state: 'cancelled', pairsDone: 1, finishedAt: 5_000 });
    expect(await store.queryScores('job1', 0)).toEqual(new Map([['a', 1]]));
    expect(await real.redis.exists(bulkJobKeys.scores(real.prefix, 'job1', 1))).toBe(0);
  });

  it('leaves a finished job as it is when cancelled or failed later', async () => {
    await store.create(newJob(1));
    await store.storeScores('job1', [{ queryIndex: 0, scores: [['a', 1]] }], 2_000);

    expect(await store.cancel('job1')).toBe('completed');
    expect(await store.fail('job1', 'too late')).toBe('completed');
    const job = await store.get('job1');
    expect(job).toMatchObject({ state: 'completed', finishedAt: 2_000 });
    expect(job?.failedReason).toBeUndefined();
  });

  it('fails an active job with its reason and stores nothing after', async () => {
    await store.create(newJob(4));

    expect(await store.fail('job1', 'batch 1 failed after 5 attempts: boom', 4_000)).toBe('queued');
    const late = await store.storeScores('job1', [{ queryIndex: 0, scores: [['a', 1]] }]);

    expect(late.written).toBe(0);
    expect(await store.get('job1')).toMatchObject({
      state: 'failed',
      pairsDone: 0,
      finishedAt: 4_000,
      failedReason: 'batch 1 failed after 5 attempts: boom',
    });
    // A second failure (another batch failing for good) keeps the first reason.
    await store.fail('job1', 'batch 0 failed too');
    expect((await store.get('job1'))?.failedReason).toBe('batch 1 failed after 5 attempts: boom');
  });

  it('stores nothing and creates no key for a job that does not exist (never created, or expired)', async () => {
    const outcome = await store.storeScores('gone', [{ queryIndex: 0, scores: [['a', 1]] }]);

    expect(outcome).toEqual({ written: 0, pairsDone: -1, state: undefined });
    expect(await store.get('gone')).toBeUndefined();
    expect(await store.cancel('gone')).toBeUndefined();
    expect(await real.redis.keys(`${real.prefix}:*`)).toEqual([]);
  });

  it('reads back the record it created, with its optional fields unset', async () => {
    await store.create({ ...newJob(4), topN: 3 });
    await store.cancel('job1', 2_000);
    expect(await store.get('job1')).toEqual({ ...newJob(4), topN: 3, state: 'cancelled', pairsDone: 0, finishedAt: 2_000 });
    expect(await store.get('job1')).not.toHaveProperty('failedReason', expect.anything());
  });

  it('reads a hash without a state (a lease renewed on an expired record) as no job', async () => {
    await real.redis.hset(bulkJobKeys.record(real.prefix, 'job1'), 'enqueueLeaseUntil', 90_000);
    expect(await store.get('job1')).toBeUndefined();
  });

  it('refuses a record, manifest or score it cannot read, naming the job and the field, instead of reading NaN', async () => {
    await store.create(newJob(4));
    await real.redis.hset(bulkJobKeys.record(real.prefix, 'job1'), 'pairsDone', 'many');
    await expect(store.get('job1')).rejects.toThrow(
      new UnreadableBulkJobError('job1', 'its record', 'pairsDone must be a non-negative integer'),
    );
    await real.redis.hset(bulkJobKeys.record(real.prefix, 'job1'), 'pairsDone', '0', 'state', 'paused');
    await expect(store.get('job1')).rejects.toThrow(
      'bulk job "job1": its record in Redis cannot be read: state must be one of queued, running, completed, failed, cancelled',
    );

    await real.redis.set(bulkJobKeys.manifest(real.prefix, 'job1', 0), JSON.stringify([[0, 'q1', 'two']]));
    await expect(store.manifest('job1', 0)).rejects.toThrow(
      'bulk job "job1": the manifest of batch 0 in Redis cannot be read: [0][2] must be a non-negative integer',
    );
    await real.redis.set(bulkJobKeys.manifest(real.prefix, 'job1', 1), '[[0,');
    await expect(store.manifest('job1', 1)).rejects.toThrow(/^bulk job "job1": the manifest of batch 1 in Redis cannot be read: not JSON/);

    await real.redis.hset(bulkJobKeys.scores(real.prefix, 'job1', 0), 'a', '1.5', 'b', 'NaN');
    await expect(store.queryScores('job1', 0)).rejects.toThrow(
      'bulk job "job1": the scores of query 0 in Redis cannot be read: candidate "b" has "NaN", not a finite number',
    );
  });

  it('sets an expiry within the TTL on the record, the manifests and the score hashes', async () => {
    await store.create(newJob(4));
    await store.putManifests(
      'job1',
      new Map([
        [0, [[0, 'q-0', 2]]],
        [1, [[1, 'q-1', 2]]],
      ]),
    );
    await store.storeScores('job1', [
      { queryIndex: 0, scores: [['a', 1]] },
      { queryIndex: 1, scores: [['a', 2]] },
    ]);

    const keys = [
      bulkJobKeys.record(real.prefix, 'job1'),
      bulkJobKeys.manifest(real.prefix, 'job1', 0),
      bulkJobKeys.manifest(real.prefix, 'job1', 1),
      bulkJobKeys.scores(real.prefix, 'job1', 0),
      bulkJobKeys.scores(real.prefix, 'job1', 1),
    ];
    for (const key of keys) {
      const ttl = await real.redis.pttl(key);
      expect({ key, expires: ttl > 0 && ttl <= TTL_SECONDS * 1000 }).toEqual({ key, expires: true });
    }
    expect(await store.manifest('job1', 1)).toEqual([[1, 'q-1', 2]]);
  });
});
