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

  /** The active jobs `workerId` holds: it is their processedBy (the worker's BullMQ name) and their lock is live. */
  async heldBy(workerId: string): Promise<string[]> {
    const key = this.queueKey();
    const active = await this.redis.lrange(`${key}:active`, 0, -1);
    const held = await Promise.all(
      active.map(async (id) => {
        const [holder, locked] = await Promise.all([this.redis.hget(`${key}:${id}`, 'pb'), this.redis.exists(`${key}:${id}:lock`)]);
        return holder === workerId && locked === 1 ? id : undefined;
      }),
    );
    return held.filter((id): id is string => id !== undefined);
  }

  /** Resolves with jobs `workerId` holds once it holds any; rejects after `timeoutMs`. */
  async waitForHeldBy(workerId: string, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const held = await this.heldBy(workerId);
      if (held.length > 0) return held;
      if (Date.now() > deadline) throw new Error(`worker ${workerId} held no job within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * When (Redis' clock, ms) some worker next took job `jobId` after `sinceMs`, from the queue's
   * event stream, which records every start, so a start followed at once by completion is not missed.
   */
  async waitForRestart(jobId: string, sinceMs: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const entries = await this.redis.xrange(`${this.queueKey()}:events`, `${sinceMs}-0`, '+');
      const started = entries.find(([, fields]) => fieldOf(fields, 'event') === 'active' && fieldOf(fields, 'jobId') === jobId);
      if (started) return Number(started[0].split('-')[0]);
      if (Date.now() > deadline) throw new Error(`no worker took job ${jobId} again within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** What happened to job `jobId` since `sinceMs`, in order ('active', 'completed', 'stalled', …). */
  async eventsOf(jobId: string, sinceMs: number): Promise<string[]> {
    const entries = await this.redis.xrange(`${this.queueKey()}:events`, `${sinceMs}-0`, '+');
    return entries.filter(([, fields]) => fieldOf(fields, 'jobId') === jobId).map(([, fields]) => fieldOf(fields, 'event') as string);
  }

  /** Times BullMQ found one of the queue's jobs stalled (its lock lapsed) since `sinceMs`. */
  async stalledSince(sinceMs: number): Promise<number> {
    const entries = await this.redis.xrange(`${this.queueKey()}:events`, `${sinceMs}-0`, '+');
    return entries.filter(([, fields]) => fieldOf(fields, 'event') === 'stalled').length;
  }

  /** Redis' clock, to compare with event-stream times. */
  async now(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
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

  private queueKey(): string {
    return `${this.prefix}:${scoreQueueName(this.model)}`;
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** The value of `name` in a stream entry's flat [name, value, …] list. */
function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
