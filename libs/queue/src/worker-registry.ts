import IORedis from 'ioredis';
import { HEARTBEAT_TTL_MS, ModelInfo, modelInfoKey, workerHeartbeatKey } from '@rerank/contracts';

function parseModelInfo(raw: string | null): ModelInfo | undefined {
  if (raw === null) return undefined;
  try {
    const info = JSON.parse(raw) as Partial<ModelInfo>;
    return typeof info.maxLength === 'number' ? { maxLength: info.maxLength } : undefined;
  } catch {
    return undefined;
  }
}

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

  /** Records a beat; `info` is published alongside, so the gateway can describe the model. */
  async beat(modelName: string, workerId: string, now = Date.now(), info?: ModelInfo): Promise<void> {
    const key = workerHeartbeatKey(this.prefix, modelName);
    const transaction = this.redis
      .multi()
      .zadd(key, now, workerId)
      .zremrangebyscore(key, '-inf', now - this.ttlMs)
      .pexpire(key, this.ttlMs * 6);
    if (info) transaction.hset(modelInfoKey(this.prefix), modelName, JSON.stringify(info));
    await transaction.exec();
  }

  async leave(modelName: string, workerId: string): Promise<void> {
    await this.redis.zrem(workerHeartbeatKey(this.prefix, modelName), workerId);
  }

  async countLive(modelName: string, now = Date.now()): Promise<number> {
    return this.redis.zcount(workerHeartbeatKey(this.prefix, modelName), now - this.ttlMs, '+inf');
  }

  /** What the last worker to beat for the model published; undefined if none ever did. */
  async modelInfo(modelName: string): Promise<ModelInfo | undefined> {
    return parseModelInfo(await this.redis.hget(modelInfoKey(this.prefix), modelName));
  }
}
