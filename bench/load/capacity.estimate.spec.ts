import { estimateCapacity } from './capacity.estimate';

describe('estimateCapacity', () => {
  it('counts the pairs after the first answer over the time from the first answer to the last', () => {
    // The loop filled for 8 s before the first answer; that time is not the fleet's throughput.
    const completions = [
      { atMs: 8_000, pairs: 200 },
      { atMs: 10_000, pairs: 100 },
      { atMs: 11_000, pairs: 50 },
      { atMs: 12_000, pairs: 50 },
    ];
    expect(estimateCapacity(completions, 100)).toEqual({ pairs_per_s: 50, requests_per_s: 0.5, completions: 4 });
  });

  it('does not depend on the order the answers are given in', () => {
    const estimate = estimateCapacity(
      [
        { atMs: 3_000, pairs: 10 },
        { atMs: 1_000, pairs: 999 },
        { atMs: 2_000, pairs: 10 },
      ],
      10,
    );
    expect(estimate.pairs_per_s).toBe(10);
  });

  it('refuses to guess from fewer than two answers, saying what to change', () => {
    expect(() => estimateCapacity([{ atMs: 1, pairs: 10 }], 10)).toThrow(/1 complete answer\(s\).*--capacity-duration, or pass --capacity/);
  });
});
