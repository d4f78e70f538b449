/** Retry-After is kept in this range: below 1 s is not expressible, beyond a minute the estimate means little. */
export const RETRY_AFTER_LIMITS = { minSeconds: 1, maxSeconds: 60 } as const;

/**
 * Seconds until `excessPairs` drain at `pairsPerSecond`, the time a refused client should wait
 * before the queue is back under its bound. With no measured drain (nothing finished lately)
 * the answer is the longest, as nothing says the queue will move sooner.
 */
export function retryAfterSeconds(excessPairs: number, pairsPerSecond: number): number {
  const { minSeconds, maxSeconds } = RETRY_AFTER_LIMITS;
  if (!(pairsPerSecond > 0)) return maxSeconds;
  return Math.min(maxSeconds, Math.max(minSeconds, Math.ceil(excessPairs / pairsPerSecond)));
}
