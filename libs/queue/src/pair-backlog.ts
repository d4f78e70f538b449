import { slotTag } from '@rerank/contracts';
import { LuaScript, runScript } from './lua-script';
import type { RedisClient } from './redis-connection';

/** One enqueued job as the backlog counts it. */
export interface BacklogJob {
  jobId: string;
  /** Pairs the job will cost (a windowed document counts its estimated windows). */
  pairs: number;
  /** Epoch ms after which the job is dropped unscored and so no longer counts. */
  deadline: number;
}

// KEYS: jobs (zset id → deadline), pairs (hash id → pairs), total (string). ARGV: the count n of
// finished jobs to release, their n ids, then id, pairs, deadline of each new job in turn. One
// command for a request's jobs instead of a MULTI of two per job, and the releases that came due
// meanwhile ride along instead of costing a command of their own. Returns the pairs released.
const ADD: LuaScript = {
  name: 'rerankBacklogAddRelease',
  lua: `
local n = tonumber(ARGV[1])
local released = 0
for i = 2, n + 1 do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    released = released + tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0')
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
local total = 0
for i = n + 2, #ARGV, 3 do
  redis.call('ZADD', KEYS[1], ARGV[i + 2], ARGV[i])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  total = total + tonumber(ARGV[i + 1])
end
if total ~= released then redis.call('INCRBY', KEYS[3], total - released) end
return released
`,
};

// Same KEYS. ARGV: job ids.
const RELEASE: LuaScript = {
  name: 'rerankBacklogRelease',
  lua: `
local released = 0
for _, id in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[1], id) == 1 then
    released = released + tonumber(redis.call('HGET', KEYS[2], id) or '0')
    redis.call('HDEL', KEYS[2], id)
  end
end
if released > 0 then redis.call('DECRBY', KEYS[3], released) end
return released
`,
};

// Same KEYS; ARGV[1]: now (epoch ms), then ids of finished jobs to release first (as ADD takes
// them). Expired jobs are released at most 1000 per call, so a huge backlog of them cannot block
// Redis; the rest go on the next reads.
const COUNT: LuaScript = {
  name: 'rerankBacklogReleaseCount',
  lua: `
for i = 2, #ARGV do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('DECRBY', KEYS[3], tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0'))
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1000)
local released = 0
for _, id in ipairs(expired) do
  released = released + tonumber(redis.call('HGET', KEYS[2], id) or '0')
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
end
if released > 0 then redis.call('DECRBY', KEYS[3], released) end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 0
end
return tonumber(redis.call('GET', KEYS[3]) or '0')
`,
};

/**
 * Pairs enqueued on a queue and not yet finished, counted in Redis so every gateway of a fleet
 * reads the same figure, in O(1) per read. Each job is entered once with its pairs and deadline
 * and leaves when it completes or fails (`release`) or when its deadline passes: a job nobody
 * released — its gateway died — cannot inflate the count beyond its deadline, when workers drop
 * it unscored anyway.
 */
export class PairBacklog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /**
   * Counts `jobs` in; call before enqueueing them, so a fast completion finds them to release.
   * `released` (finished jobs, as `release` takes them) are counted out in the same command,
   * first. Returns the pairs released.
   */
  async add(queueName: string, jobs: readonly BacklogJob[], released: readonly string[] = []): Promise<number> {
    if (jobs.length === 0) return this.release(queueName, released);
    const args: (string | number)[] = [released.length, ...released];
    for (const { jobId, pairs, deadline } of jobs) args.push(jobId, pairs, deadline);
    return Number(await runScript(this.redis, ADD, this.keys(queueName), args));
  }

  /** Counts finished (or removed) jobs out; a job released twice, or never added, counts once or not at all. */
  async release(queueName: string, jobIds: readonly string[]): Promise<number> {
    if (jobIds.length === 0) return 0;
    return Number(await runScript(this.redis, RELEASE, this.keys(queueName), jobIds));
  }

  /**
   * Pairs of the jobs still counted in, after dropping those whose deadline is past `now`.
   * `released` (finished jobs, as `release` takes them) are counted out first, in the same command.
   */
  async count(queueName: string, now = Date.now(), released: readonly string[] = []): Promise<number> {
    return Number(await runScript(this.redis, COUNT, this.keys(queueName), [now, ...released]));
  }

  private keys(queueName: string): [string, string, string] {
    // One queue's three keys share a slot on a cluster; different queues spread over the shards.
    const base = `${this.prefix}:backlog:${slotTag(queueName, this.redis.isCluster)}`;
    return [`${base}:jobs`, `${base}:pairs`, `${base}:total`];
  }
}
