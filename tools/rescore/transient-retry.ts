import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayUnreachableError, JobsApiError } from './jobs-client';

/** Answers that say "not now" rather than "no": rate limited, Redis or workers away, a proxy's timeout. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

export interface RetryPolicy {
  /** First backoff without a Retry-After; doubles each failure up to `capMs`. */
  baseMs: number;
  capMs: number;
  /** Consecutive failure time after which the last error is thrown. */
  giveUpAfterMs: number;
  /** Whether a network error (no answer at all) is retried; not for a submit, which may have landed. */
  retryUnreachable: boolean;
  random: () => number;
  sleep: (ms: number) => Promise<unknown>;
  now: () => number;
  /** Told of each retry, to say so on stderr. */
  onRetry: (error: Error, delayMs: number) => void;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 500,
  capMs: 30_000,
  giveUpAfterMs: 10 * 60_000,
  retryUnreachable: true,
  random: Math.random,
  sleep: (ms) => sleep(ms),
  now: () => Date.now(),
  onRetry: () => undefined,
};

/** Whether `error` is worth another try under `policy`. */
export function isTransient(error: unknown, policy: Pick<RetryPolicy, 'retryUnreachable'>): boolean {
  if (error instanceof JobsApiError) return TRANSIENT_STATUSES.has(error.status);
  return policy.retryUnreachable && error instanceof GatewayUnreachableError;
}

/**
 * Milliseconds to wait before try number `attempt` (0 for the first retry). A Retry-After is
 * honoured, never undercut, with up to a quarter more on top; otherwise exponential backoff with
 * full jitter, so clients that failed together do not come back together.
 */
export function backoffMs(error: unknown, attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>): number {
  const retryAfter = error instanceof JobsApiError ? error.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) return retryAfter * 1000 * (1 + 0.25 * policy.random());
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.max(policy.baseMs / 2, ceiling * policy.random());
}

/** Runs `call` until it succeeds, a permanent error comes, or transient ones last `giveUpAfterMs`. */
export async function withRetries<T>(call: () => Promise<T>, overrides: Partial<RetryPolicy> = {}): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  let failingSince: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error, policy)) throw error;
      failingSince ??= policy.now();
      const delay = backoffMs(error, attempt, policy);
      if (policy.now() + delay - failingSince > policy.giveUpAfterMs) throw error;
      policy.onRetry(error as Error, delay);
      await policy.sleep(delay);
    }
  }
}
