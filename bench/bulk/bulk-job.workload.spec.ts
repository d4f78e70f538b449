import { bulkPairsPerSecond, bulkUpload } from './bulk-job.workload';

describe('bulkUpload', () => {
  it('writes one NDJSON line per query with candidate ids in document order', () => {
    const lines = bulkUpload([
      { query: 'a', documents: ['x', 'y'] },
      { query: 'b', documents: ['z'] },
    ]).split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        query_id: 'q0',
        query: 'a',
        candidates: [
          { id: 'd0', text: 'x' },
          { id: 'd1', text: 'y' },
        ],
      },
      { query_id: 'q1', query: 'b', candidates: [{ id: 'd0', text: 'z' }] },
    ]);
  });
});

describe('bulkPairsPerSecond', () => {
  it('divides all pairs by the time from the first score to completion', () => {
    const status = { pairs: { done: 100, total: 100 }, started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:04.000Z' };
    expect(bulkPairsPerSecond(status)).toBe(25);
  });

  it('is null before the job finished', () => {
    expect(bulkPairsPerSecond({ pairs: { done: 1, total: 2 }, started_at: '2026-01-01T00:00:00.000Z', finished_at: null })).toBeNull();
  });
});
