import { scoredJobs } from '../support/worker-logs';
import { makeDocuments } from '../support/documents';
import { TestFleet } from '../support/test-fleet';

describe('two worker processes on one queue', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      workers: 2,
      // One job at a time per worker, so neither can hoard the queue and both must take part;
      // no score cache, so the repeated request below is scored again rather than remembered.
      env: {
        LOG_LEVEL: 'debug',
        WORKER_CONCURRENCY: '1',
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
        RERANK_SCORE_CACHE: 'off',
      },
    });
  });

  afterAll(async () => fleet?.stop());

  it('scores every pair exactly once, shared between the workers, with the same scores as one worker', async () => {
    const requests = Array.from({ length: 8 }, (_, i) => ({ query: `query ${i} berlin`, documents: makeDocuments(20, i + 1) }));
    const responses = await Promise.all(requests.map((body) => fleet.post('/v1/rerank', body)));
    for (const response of responses) {
      expect(response.status).toBe(200);
      const indices = response.body.results.map((r: { index: number }) => r.index).sort((a: number, b: number) => a - b);
      expect(indices).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }

    const perWorker = fleet.workers.map((worker) => scoredJobs(worker.output));
    const jobIds = perWorker.flat().map((line) => line.jobId);
    expect(jobIds).toHaveLength(8 * 5);
    expect(new Set(jobIds).size).toBe(8 * 5);
    expect(perWorker.flat().reduce((sum, line) => sum + line.pairs, 0)).toBe(8 * 20);
    for (const lines of perWorker) expect(lines.length).toBeGreaterThan(0);

    // The same request again, however the jobs fall between workers, gets the same scores.
    const again = await fleet.post('/v1/rerank', requests[3]);
    const byIndex = (results: { index: number; logit: number }[]) => [...results].sort((a, b) => a.index - b.index).map((r) => r.logit);
    byIndex(again.body.results).forEach((logit, i) => expect(logit).toBeCloseTo(byIndex(responses[3].body.results)[i], 4));
  });
});
