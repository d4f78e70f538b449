import { GatewayUnreachableError, JobsApiError, parseRetryAfter } from './jobs-client';
import { backoffMs, withRetries } from './transient-retry';

/** A clock the sleeps advance, so a test of minutes of backoff takes none. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    policy: {
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
      random: () => 0.5,
    },
  };
}

describe('withRetries', () => {
  it('returns the answer after 429s and 503s, waiting at least each Retry-After', async () => {
    const time = fakeTime();
    const answers = [new JobsApiError(429, 'rate limit', 7), new JobsApiError(503, 'cannot reach Redis', 2), 'done'];
    const result = await withRetries(async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    }, time.policy);
    expect(result).toBe('done');
    expect(time.slept).toEqual([7000 * 1.125, 2000 * 1.125]);
  });

  it('backs off exponentially with jitter on network errors and answers without Retry-After', async () => {
    const time = fakeTime();
    let calls = 0;
    await withRetries(
      async () => {
        if (++calls <= 4) throw calls % 2 ? new GatewayUnreachableError('no gateway answers') : new JobsApiError(502, 'bad gateway');
        return 'ok';
      },
      { ...time.policy, baseMs: 1000, capMs: 3000 },
    );
    expect(time.slept).toEqual([500, 1000, 1500, 1500]);
  });

  it('throws at once what is not transient: a 404, a 400, any other error', async () => {
    const time = fakeTime();
    for (const error of [new JobsApiError(404, 'unknown job'), new JobsApiError(400, 'bad line'), new Error('disk full')]) {
      await expect(withRetries(async () => Promise.reject(error), time.policy)).rejects.toBe(error);
    }
    expect(time.slept).toEqual([]);
  });

  it('does not retry a request that got no answer when told so (an upload that may have landed)', async () => {
    const error = new GatewayUnreachableError('no gateway answers');
    await expect(withRetries(async () => Promise.reject(error), { ...fakeTime().policy, retryUnreachable: false })).rejects.toBe(error);
  });

  it('gives up with the last error once failures have lasted giveUpAfterMs', async () => {
    const time = fakeTime();
    const error = new JobsApiError(503, 'cannot reach Redis', 30);
    await expect(withRetries(async () => Promise.reject(error), { ...time.policy, giveUpAfterMs: 100_000 })).rejects.toBe(error);
    expect(time.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(100_000);
    expect(time.slept.length).toBe(2);
  });
});

describe('backoffMs', () => {
  it('never undercuts a Retry-After, and spreads clients over up to a quarter more', () => {
    const error = new JobsApiError(429, 'slow down', 4);
    expect(backoffMs(error, 0, { baseMs: 500, capMs: 30_000, random: () => 0 })).toBe(4000);
    expect(backoffMs(error, 9, { baseMs: 500, capMs: 30_000, random: () => 0.999 })).toBeCloseTo(4999, 0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
