/** Retry-After is kept in this range: below 1 s is not expressible, beyond a minute the estimate means little. */
export const RETRY_AFTER_LIMITS = { minSeconds: 1, maxSeconds: 60 } as const;

/**
 * How far a Retry-After is spread around its estimate (±25 %): clients refused in the same
 * instant come back at different times instead of as one wave that is refused again.
 */
export const RETRY_AFTER_JITTER = 0.25;

/** While Redis or the model's workers are away: long enough not to hammer, short enough for a restart (under a second here). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

function jittered(seconds: number, random: () => number, jitter = RETRY_AFTER_JITTER): number {
  const { minSeconds, maxSeconds } = RETRY_AFTER_LIMITS;
  const spread = seconds * (1 - jitter + 2 * jitter * random());
  return Math.min(maxSeconds, Math.max(minSeconds, Math.round(spread)));
}

/**
 * Seconds a client refused for a full queue should wait: the time the fleet takes to score the
 * `queuedPairs` ahead of it at `pairsPerSecond`, jittered. Not the time to get back under the
 * bound: under sustained overload the queue sits just over it, that time is always about 0, and
 * "come back in 1 s" only brings every client straight back. With no measured drain (nothing
 * finished lately) the answer is the longest, as nothing says the queue will move sooner.
 */
export function retryAfterSeconds(queuedPairs: number, pairsPerSecond: number, random: () => number = Math.random): number {
  if (!(pairsPerSecond > 0)) return RETRY_AFTER_LIMITS.maxSeconds;
  return jittered(queuedPairs / pairsPerSecond, random);
}

/** Retry-After of a 503 (Redis unreachable, no live worker): 1 to 3 s around UNAVAILABLE_RETRY_AFTER_SECONDS. */
export function unavailableRetryAfterSeconds(random: () => number = Math.random): number {
  // ±25 % of 2 s rounds to 2 s every time; whole seconds need ±50 % to spread at all.
  return jittered(UNAVAILABLE_RETRY_AFTER_SECONDS, random, 0.5);
}
