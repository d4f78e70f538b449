import type { RedisClient } from './redis-connection';
import { HEARTBEAT_TTL_MS, ModelInfo, modelInfoKey, modelInfoSchema, workerHeartbeatKey, workerModelInfoKey } from '@rerank/contracts';

/** What a worker published about a model (a `model-info` hash value); undefined when absent or unreadable. */
export function parseModelInfo(raw: string | null | undefined): ModelInfo | undefined {
  if (raw === null || raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = modelInfoSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Live workers per model, from heartbeats in a Redis sorted set (member = worker id,
 * score = last beat). Works across hosts, unlike counting local processes.
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs: number = HEARTBEAT_TTL_MS,
  ) {}

  /** Records a beat; `info` is published alongside, so the gateway can describe the model. */
  async beat(modelName: string, workerId: string, now = Date.now(), info?: ModelInfo): Promise<void> {
    const key = workerHeartbeatKey(this.prefix, modelName, this.redis.isCluster);
    const infoKey = workerModelInfoKey(this.prefix, modelName, this.redis.isCluster);
    // Workers that vanished without `leave` (kill -9) would keep their info field for ever.
    const departed = info ? (await this.redis.zrangebyscore(key, '-inf', now - this.ttlMs)).filter((id) => id !== workerId) : [];
    const transaction = this.redis
      .multi()
      .zadd(key, now, workerId)
      .zremrangebyscore(key, '-inf', now - this.ttlMs)
      .pexpire(key, this.ttlMs * 6);
    if (!info) {
      await transaction.exec();
      return;
    }
    const published = JSON.stringify(info);
    transaction.hset(infoKey, workerId, published).pexpire(infoKey, this.ttlMs * 6);
    if (departed.length > 0) transaction.hdel(infoKey, ...departed);
    // The fleet-wide hash of every model lives in another slot than the model's keys on a
    // cluster, so it cannot join the transaction; it holds the same value either way.
    await Promise.all([transaction.exec(), this.redis.hset(modelInfoKey(this.prefix), modelName, published)]);
  }

  async leave(modelName: string, workerId: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(workerHeartbeatKey(this.prefix, modelName, this.redis.isCluster), workerId)
      .hdel(workerModelInfoKey(this.prefix, modelName, this.redis.isCluster), workerId)
      .exec();
  }

  async countLive(modelName: string, now = Date.now()): Promise<number> {
    return this.redis.zcount(workerHeartbeatKey(this.prefix, modelName, this.redis.isCluster), now - this.ttlMs, '+inf');
  }

  /**
   * What each live worker of the model published, one entry per worker (undefined for one that
   * published nothing, such as a worker older than per-worker info), read in one transaction.
   */
  async liveModelInfos(modelName: string, now = Date.now()): Promise<(ModelInfo | undefined)[]> {
    const replies = await this.redis
      .multi()
      .zrangebyscore(workerHeartbeatKey(this.prefix, modelName, this.redis.isCluster), now - this.ttlMs, '+inf')
      .hgetall(workerModelInfoKey(this.prefix, modelName, this.redis.isCluster))
      .exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('the transaction reading worker info was aborted');
    const [ids, infos] = [replies[0][1] as string[], replies[1][1] as Record<string, string>];
    return ids.map((id) => parseModelInfo(infos[id]));
  }

  /**
   * Live workers of the model and what the last of them published, read together: every scoring
   * request asks both, and on one server (or a Sentinel's master) they leave in one socket write
   * and come back in one read. A cluster keeps the fleet-wide info hash in another slot than the
   * model's heartbeats, so there they are two commands, sent at once.
   */
  async liveCountAndInfo(modelName: string, now = Date.now()): Promise<{ workers: number; info: ModelInfo | undefined }> {
    const heartbeats = workerHeartbeatKey(this.prefix, modelName, this.redis.isCluster);
    if (this.redis.isCluster) {
      const [workers, info] = await Promise.all([this.countLive(modelName, now), this.modelInfo(modelName)]);
      return { workers, info };
    }
    const replies = await this.redis
      .pipeline()
      .zcount(heartbeats, now - this.ttlMs, '+inf')
      .hget(modelInfoKey(this.prefix), modelName)
      .exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('the pipeline reading live workers was aborted');
    return { workers: Number(replies[0][1]), info: parseModelInfo(replies[1][1] as string | null) };
  }

  /** What the last worker to beat for the model published; undefined if none ever did. */
  async modelInfo(modelName: string): Promise<ModelInfo | undefined> {
    return parseModelInfo(await this.redis.hget(modelInfoKey(this.prefix), modelName));
  }
}
