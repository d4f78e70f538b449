import { BulkBatchPayload, JobName } from '@rerank/contracts';
import { BulkJobState, ManifestEntry } from '@rerank/bulk-jobs';
import { JobBatchEnqueuer } from './job-batches.enqueuer';
import { JobQuery } from './job-line';

const query = (id: string, candidates: number, text = 'text'): JobQuery => ({
  queryId: id,
  query: `query ${id}`,
  candidates: Array.from({ length: candidates }, (_, i) => ({ id: `${id}-${i}`, text })),
});

async function* from(queries: JobQuery[]): AsyncGenerator<JobQuery> {
  yield* queries;
}

/** Records what reaches "Redis", in order. */
function fakes(state: BulkJobState = 'queued') {
  const calls: string[] = [];
  const manifests = new Map<number, ManifestEntry[]>();
  const added: { name: string; data: BulkBatchPayload; jobId?: string }[] = [];
  const leases: number[] = [];
  const store = {
    state: jest.fn(async () => state),
    extendEnqueueLease: async (_: string, until: number) => void leases.push(until),
    putManifests: async (_: string, batch: ReadonlyMap<number, ManifestEntry[]>) => {
      calls.push(`manifests ${[...batch.keys()].join(',')}`);
      for (const [n, entries] of batch) manifests.set(n, entries);
    },
  };
  const queue = {
    addBulk: async (jobs: { name: string; data: BulkBatchPayload; opts: { jobId?: string } }[]) => {
      calls.push(`batches ${jobs.map((job) => job.data.batch).join(',')}`);
      added.push(...jobs.map((job) => ({ name: job.name, data: job.data, jobId: job.opts.jobId })));
    },
  };
  return { calls, manifests, added, leases, store, queue };
}

describe('JobBatchEnqueuer', () => {
  it('enqueues batches of about the batch size with their manifests, a split query listed in each of its batches', async () => {
    const { calls, manifests, added, leases, store, queue } = fakes();
    const enqueuer = new JobBatchEnqueuer(store, queue, { batchPairs: 4, chunkBatches: 2, chunkChars: 1e9, leaseMs: 60_000 });
    const before = Date.now();
    const result = await enqueuer.enqueue('job1', 'tiny', from([query('a', 3), query('b', 6), query('c', 1)]));
    expect(result).toEqual({ batches: 3, stopped: false });
    // Each chunk renews the lease that tells readers this gateway is still enqueueing.
    expect(leases).toHaveLength(2);
    for (const until of leases) expect(until).toBeGreaterThanOrEqual(before + 60_000);
    // Manifests go first in every chunk, so results can always be found for a batch that ran.
    expect(calls).toEqual(['manifests 0,1', 'batches 0,1', 'manifests 2', 'batches 2']);
    expect(manifests).toEqual(
      new Map([
        [0, [[0, 'a', 3]]],
        [1, [[1, 'b', 6]]],
        [
          2,
          [
            [1, 'b', 6],
            [2, 'c', 1],
          ],
        ],
      ]),
    );
    expect(added.map((job) => [job.name, job.jobId])).toEqual([
      [JobName.ScoreBulkBatch, 'bulk.job1.0'],
      [JobName.ScoreBulkBatch, 'bulk.job1.1'],
      [JobName.ScoreBulkBatch, 'bulk.job1.2'],
    ]);
    expect(added[2].data).toEqual({
      jobId: 'job1',
      batch: 2,
      model: 'tiny',
      queries: [
        {
          queryIndex: 1,
          query: 'query b',
          candidates: [
            { id: 'b-3', text: 'text' },
            { id: 'b-4', text: 'text' },
            { id: 'b-5', text: 'text' },
          ],
        },
        { queryIndex: 2, query: 'query c', candidates: [{ id: 'c-0', text: 'text' }] },
      ],
    });
  });

  it('sends a chunk early when its texts reach the character bound', async () => {
    const { calls, store, queue } = fakes();
    const enqueuer = new JobBatchEnqueuer(store, queue, { batchPairs: 1, chunkBatches: 100, chunkChars: 250, leaseMs: 60_000 });
    await enqueuer.enqueue('job1', 'tiny', from([query('a', 3, 'x'.repeat(100))]));
    expect(calls).toEqual(['manifests 0,1,2', 'batches 0,1,2']);
    const { calls: shortCalls, store: s2, queue: q2 } = fakes();
    await new JobBatchEnqueuer(s2, q2, { batchPairs: 1, chunkBatches: 100, chunkChars: 250, leaseMs: 60_000 }).enqueue(
      'job1',
      'tiny',
      from([query('a', 3, 'x'.repeat(130))]),
    );
    expect(shortCalls).toEqual(['manifests 0,1', 'batches 0,1', 'manifests 2', 'batches 2']);
  });

  it('lists a query without candidates (a BM25 top N that found nothing) in a manifest, and in no payload', async () => {
    const { manifests, added, store, queue } = fakes();
    await new JobBatchEnqueuer(store, queue, { batchPairs: 4, chunkBatches: 10, chunkChars: 1e9, leaseMs: 60_000 }).enqueue(
      'job1',
      'tiny',
      from([query('a', 0), query('b', 2)]),
    );
    expect(manifests).toEqual(
      new Map([
        [
          0,
          [
            [0, 'a', 0],
            [1, 'b', 2],
          ],
        ],
      ]),
    );
    expect(added.map((job) => job.data.queries.map((q) => q.queryIndex))).toEqual([[1]]);
  });

  it("gives every batch the job's windowing, and none when the job truncates", async () => {
    const windowing = { aggregation: 'max' as const, maxChunks: 4, meanTopK: 3, stride: 64 };
    const windowed = fakes();
    await new JobBatchEnqueuer(windowed.store, windowed.queue, {
      batchPairs: 2,
      chunkBatches: 10,
      chunkChars: 1e9,
      leaseMs: 60_000,
    }).enqueue('job1', 'tiny', from([query('a', 3)]), windowing);
    expect(windowed.added.map((job) => job.data.windowing)).toEqual([windowing, windowing]);
    const truncated = fakes();
    await new JobBatchEnqueuer(truncated.store, truncated.queue, {
      batchPairs: 2,
      chunkBatches: 10,
      chunkChars: 1e9,
      leaseMs: 60_000,
    }).enqueue('job1', 'tiny', from([query('a', 3)]));
    expect(truncated.added.every((job) => !('windowing' in job.data))).toBe(true);
  });

  it('stops between chunks once the job is no longer active', async () => {
    const { calls, store, queue } = fakes('cancelled');
    const enqueuer = new JobBatchEnqueuer(store, queue, { batchPairs: 2, chunkBatches: 1, chunkChars: 1e9, leaseMs: 60_000 });
    expect(await enqueuer.enqueue('job1', 'tiny', from([query('a', 2), query('b', 2), query('c', 2)]))).toEqual({
      batches: 1,
      stopped: true,
    });
    expect(calls).toEqual(['manifests 0', 'batches 0']);
  });

  it('lets a Redis failure through, so the caller can fail the job', async () => {
    const { store } = fakes();
    const queue = { addBulk: async () => Promise.reject(new Error('Connection is closed.')) };
    const enqueuer = new JobBatchEnqueuer(store, queue, { batchPairs: 2, chunkBatches: 1, chunkChars: 1e9, leaseMs: 60_000 });
    await expect(enqueuer.enqueue('job1', 'tiny', from([query('a', 2)]))).rejects.toThrow('Connection is closed.');
  });
});
