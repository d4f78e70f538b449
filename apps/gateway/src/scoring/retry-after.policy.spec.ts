import { retryAfterSeconds } from './retry-after.policy';

describe('retryAfterSeconds', () => {
  it('returns the seconds the excess takes to drain, rounded up', () => {
    expect(retryAfterSeconds(1000, 100)).toBe(10);
    expect(retryAfterSeconds(1001, 100)).toBe(11);
  });

  it('returns at least 1 s and at most 60 s', () => {
    expect(retryAfterSeconds(1, 10_000)).toBe(1);
    expect(retryAfterSeconds(0, 10)).toBe(1);
    expect(retryAfterSeconds(1_000_000, 10)).toBe(60);
  });

  it('returns 60 s when nothing has drained lately', () => {
    expect(retryAfterSeconds(10, 0)).toBe(60);
    expect(retryAfterSeconds(10, Number.NaN)).toBe(60);
  });
});
