import { BatchPlanner, BatchSlice } from './batch-planner';

/** Places every query and returns, per batch, the pairs it holds. */
function pairsPerBatch(planner: BatchPlanner, queries: number[]): number[] {
  const sizes: number[] = [];
  for (const candidates of queries) {
    for (const slice of planner.place(candidates)) sizes[slice.batch] = (sizes[slice.batch] ?? 0) + slice.end - slice.start;
  }
  return sizes;
}

describe('BatchPlanner', () => {
  it('packs consecutive queries into one batch while they fit', () => {
    const planner = new BatchPlanner(64);
    expect(planner.place(20)).toEqual([{ batch: 0, start: 0, end: 20 }]);
    expect(planner.place(44)).toEqual([{ batch: 0, start: 0, end: 44 }]);
    expect(planner.place(1)).toEqual([{ batch: 1, start: 0, end: 1 }]);
    expect(planner.batches).toBe(2);
  });

  it('starts a new batch for a query that does not fit the rest of the current one, never splitting it', () => {
    expect(pairsPerBatch(new BatchPlanner(64), [50, 50, 50])).toEqual([50, 50, 50]);
  });

  it('splits a query larger than a batch into near-equal parts over consecutive batches', () => {
    const planner = new BatchPlanner(64);
    planner.place(10);
    expect(planner.place(100)).toEqual([
      { batch: 1, start: 0, end: 50 },
      { batch: 2, start: 50, end: 100 },
    ]);
    expect(planner.place(130)).toEqual([
      { batch: 3, start: 0, end: 44 },
      { batch: 4, start: 44, end: 87 },
      { batch: 5, start: 87, end: 130 },
    ]);
    // The last part's batch takes the next small query.
    expect(planner.place(21)).toEqual([{ batch: 5, start: 0, end: 21 }]);
  });

  it('puts the first query, even a split one, into batch 0', () => {
    expect(new BatchPlanner(10).place(25)).toEqual([
      { batch: 0, start: 0, end: 9 },
      { batch: 1, start: 9, end: 17 },
      { batch: 2, start: 17, end: 25 },
    ]);
  });

  it('lists a query without candidates in the batch being filled, and lets the next query fill that batch', () => {
    const planner = new BatchPlanner(8);
    expect(planner.place(0)).toEqual([{ batch: 0, start: 0, end: 0 }]);
    expect(planner.place(20)[0]).toEqual({ batch: 0, start: 0, end: 7 });
    expect(planner.place(0)).toEqual([{ batch: 2, start: 0, end: 0 }]);
    expect(planner.batches).toBe(3);
  });

  it('covers every pair exactly once, never over the batch size, and gives the same batches when run again', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const queries = Array.from({ length: 500 }, () => Math.floor(random() * 150));
    const run = () => {
      const planner = new BatchPlanner(64);
      return queries.map((candidates) => planner.place(candidates));
    };
    const first = run();
    first.forEach((slices: BatchSlice[], i) => {
      expect(slices[0].start).toBe(0);
      expect(slices[slices.length - 1].end).toBe(queries[i]);
      slices.slice(1).forEach((slice, k) => expect(slice.start).toBe(slices[k].end));
    });
    const sizes = pairsPerBatch(new BatchPlanner(64), queries);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(queries.reduce((a, b) => a + b, 0));
    expect(run()).toEqual(first);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => new BatchPlanner(0)).toThrow('pairsPerBatch must be a positive integer, got 0');
  });
});
