import IORedis from 'ioredis';
import { scoreQueueName } from '@rerank/contracts';

/** Reads a fleet's score queue straight from Redis, to time a fault to the moment a job is in hand. */
export class QueueState {
  private readonly redis: IORedis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly model = 'tiny',
  ) {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  }

  /** Jobs some worker holds right now (BullMQ's active list). */
  async active(): Promise<number> {
    return this.redis.llen(`${this.prefix}:${scoreQueueName(this.model)}:active`);
  }

  /** Jobs no worker has taken yet. */
  async waiting(): Promise<number> {
    const key = `${this.prefix}:${scoreQueueName(this.model)}`;
    const [wait, prioritized] = await Promise.all([this.redis.llen(`${key}:wait`), this.redis.zcard(`${key}:prioritized`)]);
    return wait + prioritized;
  }

  /** Resolves once at least `count` jobs are active; rejects after `timeoutMs`. */
  waitForActive(count: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor('active', () => this.active(), count, timeoutMs);
  }

  /** Resolves once at least `count` jobs wait for a worker; rejects after `timeoutMs`. */
  waitForWaiting(count: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor('waiting', () => this.waiting(), count, timeoutMs);
  }

  private async waitFor(state: string, read: () => Promise<number>, count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await read()) < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} jobs were ${state} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
