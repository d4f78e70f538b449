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

  /** The active jobs `workerId` holds: it is their processedBy (the worker's BullMQ name) and their lock is live. */
  async heldBy(workerId: string): Promise<string[]> {
    const active = (await this.queue.getActive()).filter((job) => job.processedBy === workerId && job.id !== undefined);
    // A lapsed lock means the job is stalled, not held; BullMQ has no call for that, so its lock key is read.
    const locked = await Promise.all(active.map((job) => this.redis.exists(this.queue.toKey(`${job.id}:lock`))));
    return active.filter((_, i) => locked[i] === 1).map((job) => job.id as string);
  }

  /** Resolves with jobs `workerId` holds once it holds any; rejects after `timeoutMs`. */
  async waitForHeldBy(workerId: string, timeoutMs = 10_000): Promise<string[]> {
    return waitUntil(
      `worker ${workerId} to hold a job`,
      async () => {
        const held = await this.heldBy(workerId);
        return held.length > 0 && held;
      },
      { timeoutMs, everyMs: 10 },
    );
  }

  /**
   * When (Redis' clock, ms) some worker next took job `jobId` after `sinceMs`, from the queue's
   * event stream, which records every start, so a start followed at once by completion is not missed.
   */
  async waitForRestart(jobId: string, sinceMs: number, timeoutMs: number): Promise<number> {
    return waitUntil(
      `a worker to take job ${jobId} again`,
      async () => {
        const entries = await this.redis.xrange(this.eventsKey(), `${sinceMs}-0`, '+');
        const started = entries.find(([, fields]) => fieldOf(fields, 'event') === 'active' && fieldOf(fields, 'jobId') === jobId);
        return started && Number(started[0].split('-')[0]);
      },
      { timeoutMs },
    );
  }

  /** What happened to job `jobId` since `sinceMs`, in order ('active', 'completed', 'stalled', …). */
  async eventsOf(jobId: string, sinceMs: number): Promise<string[]> {
    const entries = await this.redis.xrange(this.eventsKey(), `${sinceMs}-0`, '+');
    return entries.filter(([, fields]) => fieldOf(fields, 'jobId') === jobId).map(([, fields]) => fieldOf(fields, 'event') as string);
  }

  /** Times BullMQ found one of the queue's jobs stalled (its lock lapsed) since `sinceMs`. */
  async stalledSince(sinceMs: number): Promise<number> {
    const entries = await this.redis.xrange(this.eventsKey(), `${sinceMs}-0`, '+');
    return entries.filter(([, fields]) => fieldOf(fields, 'event') === 'stalled').length;
  }

  /** BullMQ's event stream of the queue, read from a given time on (QueueEvents only follows it live). */
  private eventsKey(): string {
    return this.queue.toKey('events');
  }

  /** Redis' clock, to compare with event-stream times. */
  async now(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
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

/** The value of `name` in a stream entry's flat [name, value, …] list. */
function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
