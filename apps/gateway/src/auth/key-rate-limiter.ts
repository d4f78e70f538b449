import { slotTag } from '@rerank/contracts';
import type { RedisClient } from '@rerank/queue';

export interface RateLimits {
  /** 0 = no limit. */
  requestsPerMinute: number;
  pairsPerMinute: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends, for Retry-After. */
  retryAfterSeconds: number;
  exceeded?: 'requests' | 'pairs';
}

/**
 * Per-key budgets in fixed one-minute windows, counted in Redis so every gateway instance
 * draws on the same budget.
 */
export class KeyRateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: RateLimits,
  ) {}

  get enabled(): boolean {
    return this.limits.requestsPerMinute > 0 || this.limits.pairsPerMinute > 0;
  }

  async take(keyId: string, pairs: number, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / 60_000);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
    // Both counters of a key's window share a slot on a cluster; keys and windows spread over the shards.
    const base = `${this.prefix}:ratelimit:${slotTag(`${keyId}:${window}`, this.redis.isCluster)}`;
    const results = await this.redis
      .multi()
      .incr(`${base}:requests`)
      .pexpire(`${base}:requests`, 120_000)
      .incrby(`${base}:pairs`, pairs)
      .pexpire(`${base}:pairs`, 120_000)
      .exec();
    const requests = Number(results?.[0]?.[1] ?? 0);
    const pairsUsed = Number(results?.[2]?.[1] ?? 0);
    if (this.limits.requestsPerMinute > 0 && requests > this.limits.requestsPerMinute) {
      return { allowed: false, retryAfterSeconds, exceeded: 'requests' };
    }
    if (this.limits.pairsPerMinute > 0 && pairsUsed > this.limits.pairsPerMinute) {
      return { allowed: false, retryAfterSeconds, exceeded: 'pairs' };
    }
    return { allowed: true, retryAfterSeconds };
  }
}
