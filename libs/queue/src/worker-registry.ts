import IORedis from 'ioredis';
import { HEARTBEAT_TTL_MS, workerHeartbeatKey } from '@rerank/contracts';

/**
 * Live workers per model, from heartbeats in a Redis sorted set (member = worker id,
 * score = last beat). Works across hosts, unlike counting local processes.
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly ttlMs: number = HEARTBEAT_TTL_MS,
  ) {}

  async beat(modelName: string, workerId: string, now = Date.now()): Promise<void> {
    const key = workerHeartbeatKey(this.prefix, modelName);
    await this.redis
      .multi()
      .zadd(key, now, workerId)
      .zremrangebyscore(key, '-inf', now - this.ttlMs)
      .pexpire(key, this.ttlMs * 6)
      .exec();
  }

  async leave(modelName: string, workerId: string): Promise<void> {
    await this.redis.zrem(workerHeartbeatKey(this.prefix, modelName), workerId);
  }

  async countLive(modelName: string, now = Date.now()): Promise<number> {
    return this.redis.zcount(workerHeartbeatKey(this.prefix, modelName), now - this.ttlMs, '+inf');
  }
}
