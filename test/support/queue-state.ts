import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { scoreQueueName } from '@rerank/contracts';
import { waitUntil } from './wait-until';

/** A fleet's score queue seen through BullMQ's API, to time a fault to the moment a job is in hand. */
export class QueueState {
  private readonly redis: IORedis;
  private readonly queue: Queue;

  constructor(redisUrl: string, prefix: string, model = 'tiny') {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.queue = new Queue(scoreQueueName(model), { connection: this.redis, prefix });
  }

  /** Jobs some worker holds right now. */
  async active(): Promise<number> {
    return this.queue.getActiveCount();
  }

  /** Jobs no worker has taken yet. */
  async waiting(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized');
    return counts.waiting + counts.prioritized;
  }

  /** Resolves once at least `count` jobs are active; rejects after `timeoutMs`. */
  async waitForActive(count: number, timeoutMs = 10_000): Promise<void> {
    await waitUntil(`${count} jobs active`, async () => (await this.active()) >= count, { timeoutMs });
  }

  /** Resolves once at least `count` jobs wait for a worker; rejects after `timeoutMs`. */
  async waitForWaiting(count: number, timeoutMs = 10_000): Promise<void> {
    await waitUntil(`${count} jobs waiting`, async () => (await this.waiting()) >= count, { timeoutMs });
  }

  /** Drops the connection; the Queue shares it and holds nothing else. */
  close(): void {
    this.redis.disconnect();
  }
}
