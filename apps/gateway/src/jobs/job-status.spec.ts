import { BulkJobRecord } from '@rerank/bulk-jobs';
import { jobStatus } from './job-status';

const created = Date.parse('2025-01-01T00:00:00Z');
const record = (fields: Partial<BulkJobRecord>): BulkJobRecord => ({
  id: 'job1',
  state: 'queued',
  model: 'tiny',
  queries: 10,
  pairsTotal: 1000,
  pairsDone: 0,
  batches: 16,
  requestId: 'r',
  createdAt: created,
  ...fields,
});

describe('jobStatus', () => {
  it('reports a queued job with no rate and no ETA yet', () => {
    expect(jobStatus(record({}), created + 5000)).toEqual({
      id: 'job1',
      state: 'queued',
      model: 'tiny',
      queries: 10,
      pairs: { done: 0, total: 1000 },
      created_at: '2025-01-01T00:00:00.000Z',
      started_at: null,
      finished_at: null,
      pairs_per_second: null,
      eta_seconds: null,
    });
  });

  it('measures a running job from its first score and estimates what is left at that rate', () => {
    const status = jobStatus(record({ state: 'running', pairsDone: 250, startedAt: created + 1000, topN: 5 }), created + 11_000);
    expect(status).toMatchObject({ started_at: '2025-01-01T00:00:01.000Z', pairs_per_second: 25, eta_seconds: 30, top_n: 5 });
  });

  it("keeps a finished job's rate fixed at its end and its ETA at 0", () => {
    const done = record({ state: 'completed', pairsDone: 1000, startedAt: created, finishedAt: created + 4000 });
    expect(jobStatus(done, created + 60_000)).toMatchObject({
      finished_at: '2025-01-01T00:00:04.000Z',
      pairs_per_second: 250,
      eta_seconds: 0,
    });
  });

  it('gives a failed or cancelled job no ETA, and the reason it failed', () => {
    const failed = record({
      state: 'failed',
      pairsDone: 10,
      startedAt: created,
      finishedAt: created + 1000,
      failedReason: 'batch 3 failed',
    });
    expect(jobStatus(failed, created + 2000)).toMatchObject({ eta_seconds: null, pairs_per_second: 10, failed_reason: 'batch 3 failed' });
    expect(jobStatus(record({ state: 'cancelled', finishedAt: created + 10 }), created + 2000)).toMatchObject({
      eta_seconds: null,
      pairs_per_second: null,
    });
  });
});
