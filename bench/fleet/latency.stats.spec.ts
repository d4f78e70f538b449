import { median, percentile, ratePerSecond, summarizeLatencies } from './latency.stats';

describe('percentile', () => {
  it('returns the interpolated value between the two nearest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 10);
  });

  it('returns the minimum and the maximum at 0 and 100', () => {
    expect(percentile([3, 9, 1], 0)).toBe(1);
    expect(percentile([3, 9, 1], 100)).toBe(9);
  });

  it('returns the only value when the sample has one', () => {
    expect(percentile([42], 99)).toBe(42);
  });

  it('throws when the sample is empty or p is outside 0-100', () => {
    expect(() => percentile([], 50)).toThrow('percentile of an empty sample');
    expect(() => percentile([1], 101)).toThrow('percentile must be within 0-100, got 101');
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("leaves the caller's array unsorted", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it('returns the middle value of an odd sample', () => {
    expect(median([5, 1, 9])).toBe(5);
  });
});

describe('summarizeLatencies', () => {
  it('returns n, p50, p95, p99, mean and max rounded to 0.1 ms', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    expect(summarizeLatencies(latencies)).toEqual({
      n: 100,
      p50_ms: 50.5,
      p95_ms: 95.1,
      p99_ms: 99,
      mean_ms: 50.5,
      max_ms: 100,
    });
  });
});

describe('ratePerSecond', () => {
  it('returns items per second rounded to 0.01, or null when no time passed', () => {
    expect(ratePerSecond(300, 1500)).toBe(200);
    expect(ratePerSecond(1, 3000)).toBe(0.33);
    expect(ratePerSecond(5, 0)).toBeNull();
  });
});
