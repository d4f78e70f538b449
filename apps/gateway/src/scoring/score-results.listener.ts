import { Inject, Injectable, Logger, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { EmbedTextsResult, ScorePairsResult, isDeadlinePassedReason } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { bullPrefixFor, createRedisConnection, RedisClient } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { DrainRate } from './drain-rate.estimator';
import { ServiceSpeed } from './service-speed.estimator';

/** A job that ended in BullMQ's failed set: retries exhausted, an unrecoverable payload, or its deadline passed. */
export class ScoringFailedError extends Error {
  /**
   * The worker dropped the job unscored because nobody waits for it any more: its texts are
   * missing from the answer rather than failed. BullMQ carries only a reason string, so this is
   * read from it here, with the contract's own function, and nowhere else in the gateway.
   */
  readonly deadlinePassed: boolean;

  constructor(
    readonly jobId: string,
    readonly reason: string,
  ) {
    super(`scoring job ${jobId} failed: ${reason}`);
    this.name = 'ScoringFailedError';
    this.deadlinePassed = isDeadlinePassedReason(reason);
  }
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * One QueueEvents subscription per queue for the whole process. Requests register the job ids
 * they wait for; a blocking `waitUntilFinished` per request would open a connection each and
 * is known to hang under load.
 */
@Injectable()
export class ScoreResultsListener implements OnApplicationShutdown {
  private readonly logger = new Logger(ScoreResultsListener.name);
  private readonly subscriptions = new Map<string, Promise<QueueEvents>>();
  private readonly live: QueueEvents[] = [];
  private readonly connections: RedisClient[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly drainRates = new Map<string, DrainRate>();
  private readonly serviceSpeeds = new Map<string, ServiceSpeed>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
  ) {}

  /**
   * Subscribes to a queue's events. Concurrent callers share one subscription and all wait
   * until it is live, so no caller enqueues work whose completion nobody reads.
   */
  listen(queueName: string): Promise<void> {
    let ready = this.subscriptions.get(queueName);
    if (!ready) {
      ready = this.subscribe(queueName);
      this.subscriptions.set(queueName, ready);
      // A failed start must not poison the queue for good: the next request tries again.
      ready.catch(() => this.subscriptions.delete(queueName));
    }
    return ready.then(() => undefined);
  }

  private async subscribe(queueName: string): Promise<QueueEvents> {
    // Start reading at Redis' own clock rather than at '$': '$' means "after the first XREAD",
    // which may run after a fast worker has already finished the first jobs.
    const [seconds, micros] = await this.redis.time();
    const connection = createRedisConnection(this.config.redis, 'consumer');
    this.connections.push(connection);
    const events = new QueueEvents(queueName, {
      connection,
      prefix: bullPrefixFor(this.config.redis, this.config.queuePrefix, queueName),
      lastEventId: `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`,
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      // Parsed once here: every gateway sees every completion, so this runs per job fleet-wide.
      let result: ScorePairsResult | EmbedTextsResult | Error;
      try {
        result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as ScorePairsResult | EmbedTextsResult;
      } catch (error) {
        result = error as Error;
      }
      if (!(result instanceof Error)) this.recordDrain(queueName, result);
      this.settle(jobId, result);
    });
    events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    events.on('error', (error) => this.logger.warn(`queue events for ${queueName}: ${error.message}`));
    events.on('ioredis:close', () => this.abandonAll(queueName));
    await events.waitUntilReady();
    this.live.push(events);
    return events;
  }

  /**
   * Promise of one job's result (a score-pairs result unless `T` says otherwise: an embed-texts
   * job's vectors). Register before adding the job so a fast worker cannot be missed.
   */
  expect<T = ScorePairsResult>(jobId: string): Promise<T> {
    return new Promise<T>((resolve, reject) => this.pending.set(jobId, { resolve: resolve as (result: unknown) => void, reject }));
  }

  /** Stops waiting for jobs (a timed-out request); late results are then dropped. */
  forget(jobIds: readonly string[]): void {
    for (const jobId of jobIds) this.pending.delete(jobId);
  }

  get waiting(): number {
    return this.pending.size;
  }

  /**
   * Pairs per second the whole fleet has lately finished on a queue: every gateway sees every
   * completion of the queues it listens to, whichever gateway enqueued the job.
   */
  drainRate(queueName: string): number {
    return this.drainRates.get(queueName)?.perSecond() ?? 0;
  }

  /** Pairs one worker scores per second of model time on a queue (see ServiceSpeed); 0 before any measurement. */
  serviceSpeed(queueName: string): number {
    return this.serviceSpeeds.get(queueName)?.pairsPerSecond() ?? 0;
  }

  private recordDrain(queueName: string, result: ScorePairsResult | EmbedTextsResult): void {
    try {
      const { busyMs } = result;
      // A bi-encoder's queue drains texts; each counts as one pair does.
      const pairs = 'vectors' in result ? result.vectors.length : result.scores.reduce((sum, score) => sum + (score.windows ?? 1), 0);
      let rate = this.drainRates.get(queueName);
      if (!rate) this.drainRates.set(queueName, (rate = new DrainRate()));
      rate.observe(pairs);
      if (typeof busyMs === 'number') {
        let speed = this.serviceSpeeds.get(queueName);
        if (!speed) this.serviceSpeeds.set(queueName, (speed = new ServiceSpeed()));
        speed.observe(pairs, busyMs);
      }
    } catch {
      // An unreadable result fails its request in settle(); it just does not count as drained.
    }
  }

  private settle(jobId: string, result: ScorePairsResult | EmbedTextsResult | Error): void {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    this.pending.delete(jobId);
    if (result instanceof Error) entry.reject(new ScoringFailedError(jobId, `unreadable result (${result.message})`));
    else entry.resolve(result);
  }

  /**
   * Fails every waiting request at once when the event connection drops: a restarted Redis has
   * lost the jobs and their events, so waiting would only end in a 504 much later. The events
   * of all queues come from the one Redis, so every pending job is given up, not just this queue's.
   */
  private abandonAll(queueName: string): void {
    if (this.pending.size === 0) return;
    this.logger.warn({
      msg: 'lost the connection to Redis; failing the requests waiting for scores',
      queue: queueName,
      jobs: this.pending.size,
    });
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      entry.reject(new ServiceUnavailableException('lost the connection to Redis while scoring; the request was not completed, retry it'));
    }
  }

  private fail(jobId: string, reason: string): void {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    this.pending.delete(jobId);
    entry.reject(new ScoringFailedError(jobId, reason));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.live.map((events) => events.close()));
    // BullMQ leaves a connection it was handed open; a gateway embedded in another process (a test, a CLI) must not keep it alive.
    for (const connection of this.connections) connection.disconnect();
  }
}
