import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@rerank/queue';
import { ChunkSpan } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';

/** What a document's response needs from its scoring: a cached and a fresh answer are identical. */
export interface CachedScore {
  logit: number;
  /** The winning window of a document read in several. */
  bestChunk?: ChunkSpan;
  /** Real tokens of the document's pairs, so a cached answer meters what a fresh one would. */
  tokens: number;
}

/** Keys per MGET: a request of many thousand documents must not become one command that blocks Redis. */
const KEYS_PER_MGET = 1000;

/** `[logit, tokens]` or `[logit, tokens, start, end]`: JSON keeps every double exactly, and is short. */
function encode({ logit, tokens, bestChunk }: CachedScore): string {
  return JSON.stringify(bestChunk ? [logit, tokens, bestChunk.start, bestChunk.end] : [logit, tokens]);
}

function decode(raw: string | null): CachedScore | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (!Array.isArray(value) || !value.every((part) => typeof part === 'number' && Number.isFinite(part))) return undefined;
    const parts = value as number[];
    if (parts.length === 2) return { logit: parts[0], tokens: parts[1] };
    if (parts.length === 4) return { logit: parts[0], tokens: parts[1], bestChunk: { start: parts[2], end: parts[3] } };
  } catch {
    // An unreadable entry is a miss; the fresh score overwrites it.
  }
  return undefined;
}

/** Pair scores in Redis, shared by every gateway of the fleet; expire after RERANK_SCORE_CACHE_TTL_SECONDS. */
@Injectable()
export class ScoreCache {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.ttlSeconds = config.scoreCache.ttlSeconds;
  }

  /** The cached score of each key, undefined for a miss; one round trip. */
  async lookup(keys: readonly string[]): Promise<(CachedScore | undefined)[]> {
    if (keys.length === 0) return [];
    // Cache keys spread over a cluster's slots, where neither MGET nor a pipeline may cross them:
    // one GET per key, all sent at once.
    if (this.redis.isCluster) return (await Promise.all(keys.map((key) => this.redis.get(key)))).map(decode);
    const pipeline = this.redis.pipeline();
    for (let start = 0; start < keys.length; start += KEYS_PER_MGET) pipeline.mget(...keys.slice(start, start + KEYS_PER_MGET));
    const replies = await execute(pipeline);
    return (replies as (string | null)[][]).flat().map(decode);
  }

  /** Stores scores with the configured lifetime; one round trip. */
  async store(entries: readonly (readonly [key: string, score: CachedScore])[]): Promise<void> {
    if (entries.length === 0) return;
    if (this.redis.isCluster) {
      await Promise.all(entries.map(([key, score]) => this.redis.set(key, encode(score), 'EX', this.ttlSeconds)));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const [key, score] of entries) pipeline.set(key, encode(score), 'EX', this.ttlSeconds);
    await execute(pipeline);
  }
}

/** Runs a pipeline and fails if any of its commands failed, which `exec` alone does not. */
async function execute(pipeline: ReturnType<RedisClient['pipeline']>): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  const failed = replies.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return replies.map(([, reply]) => reply);
}
