import fc from 'fast-check';
import { RETRY_AFTER_LIMITS, retryAfterSeconds, unavailableRetryAfterSeconds } from './retry-after.policy';

const middle = () => 0.5;

describe('retryAfterSeconds', () => {
  it('returns the seconds the whole backlog takes to drain at the measured rate, without jitter at the middle draw', () => {
    expect(retryAfterSeconds(1000, 100, middle)).toBe(10);
    expect(retryAfterSeconds(2300, 100, middle)).toBe(23);
  });

  it('returns more than 1 s for a queue held at a bound of 5 s of work (what every 429 said before)', () => {
    // 2.3x overload with RERANK_MAX_QUEUE_SECONDS=5: the queue holds about 5 s of work.
    const seconds = Array.from({ length: 50 }, (_, i) => retryAfterSeconds(5 * 400, 400, () => i / 50));
    expect(Math.min(...seconds)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...seconds)).toBeLessThanOrEqual(7);
    expect(new Set(seconds).size).toBeGreaterThan(1);
  });

  it('grows with the backlog at the same drain rate and the same draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 1, max: 5_000, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (queued, more, rate, draw) => {
          expect(retryAfterSeconds(queued + more, rate, () => draw)).toBeGreaterThanOrEqual(retryAfterSeconds(queued, rate, () => draw));
        },
      ),
    );
    expect(retryAfterSeconds(4000, 100, middle)).toBeGreaterThan(retryAfterSeconds(1000, 100, middle));
  });

  it('spreads clients refused together over ±25 % of the estimate', () => {
    expect(retryAfterSeconds(2000, 100, () => 0)).toBe(15);
    expect(retryAfterSeconds(2000, 100, () => 0.999)).toBe(25);
  });

  it('returns at least 1 s and at most 60 s', () => {
    expect(retryAfterSeconds(1, 10_000, middle)).toBe(RETRY_AFTER_LIMITS.minSeconds);
    expect(retryAfterSeconds(0, 10, middle)).toBe(1);
    expect(retryAfterSeconds(1_000_000, 10, middle)).toBe(RETRY_AFTER_LIMITS.maxSeconds);
  });

  it('returns 60 s when nothing has drained lately', () => {
    expect(retryAfterSeconds(10, 0)).toBe(60);
    expect(retryAfterSeconds(10, Number.NaN)).toBe(60);
  });
});

describe('unavailableRetryAfterSeconds', () => {
  it('returns a couple of seconds, spread so clients do not return together', () => {
    expect(unavailableRetryAfterSeconds(() => 0)).toBe(1);
    expect(unavailableRetryAfterSeconds(() => 0.5)).toBe(2);
    expect(unavailableRetryAfterSeconds(() => 0.99)).toBe(3);
  });
});
