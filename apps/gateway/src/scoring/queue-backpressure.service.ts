import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { BacklogJob, PairBacklog, RedisClient, WorkerRegistry } from '@rerank/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FleetCapacity, QueueBound, exceededBound, queueBounds } from './queue-bounds.policy';
import { formatPairsPerSecond } from './drain-rate.estimator';
import { retryAfterSeconds } from './retry-after.policy';
import { ScoreResultsListener } from './score-results.listener';

/** How long a backlog reading is reused: one Redis call per model per this, however many requests come. */
const READING_TTL_MS = 200;

/**
 * How long finished jobs of a request still waiting on others may wait to be counted out of the
 * backlog, when neither an enqueue nor the end of a request (`settled`) carries them sooner.
 */
const RELEASE_DELAY_MS = 50;

interface Reading {
  pairs: number;
  at: number;
}

/** The queue a request joined: what was ahead of it and how fast the fleet was finishing work. */
export interface QueueAhead {
  pairs: number;
  /** Pairs per second the fleet finished lately (the drain rate); 0 when nothing finished. */
  pairsPerSecond: number;
}

/**
 * Refuses interactive work while a model's queue holds more than RERANK_MAX_QUEUED_PAIRS pairs,
 * or more than RERANK_MAX_QUEUE_SECONDS of work for the model's live workers at their measured
 * speed, before anything is enqueued: past that point a request would only wait out its deadline
 * behind the others, and the client learns sooner, with a Retry-After from the fleet's measured
 * drain rate, that it should back off. The backlog lives in Redis (`PairBacklog`), so the bound
 * holds across gateways; it is counted whether or not a bound is set, for the metrics.
 */
@Injectable()
export class QueueBackpressureService {
  private readonly logger = new Logger(QueueBackpressureService.name);
  private readonly backlog: PairBacklog;
  private readonly readings = new Map<string, Reading>();
  private readonly reads = new Map<string, Promise<number>>();
  private readonly liveWorkers = new Map<string, { workers: number; at: number }>();
  /** Finished job ids per queue not yet counted out: released with the queue's next enqueue, a request's end, or after RELEASE_DELAY_MS. */
  private readonly toRelease = new Map<string, string[]>();
  private releaseTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_REDIS) redis: RedisClient,
    private readonly results: ScoreResultsListener,
    private readonly metrics: GatewayMetrics,
    private readonly registry: WorkerRegistry,
  ) {
    this.backlog = new PairBacklog(redis, config.queuePrefix);
  }

  /**
   * Answers 429 with Retry-After when the model's queue is over a bound. Otherwise returns what
   * is queued ahead of the request, for a 504 to say why it ran out of time; undefined when the
   * backlog cannot be read.
   */
  async admit(model: string, queueName: string): Promise<QueueAhead | undefined> {
    let bounds: QueueBound[];
    let queued: number;
    let capacity: FleetCapacity;
    try {
      capacity = await this.capacity(model, queueName);
      bounds = queueBounds(this.config, capacity);
      queued = await this.queuedPairs(queueName);
    } catch (error) {
      // A guard must not fail the request on its own; if Redis is really gone, enqueueing says so.
      this.logger.warn({ msg: 'cannot read the queue backlog; admitting the request', queue: queueName, reason: (error as Error).message });
      return undefined;
    }
    const drained = this.results.drainRate(queueName);
    const ahead = { pairs: queued, pairsPerSecond: drained };
    const bound = exceededBound(queued, bounds);
    if (!bound) return ahead;
    // The measured drain is what the queue really does; the workers' speed stands in until something has finished.
    const rate = drained > 0 ? drained : capacity.pairsPerSecond;
    const seconds = retryAfterSeconds(queued, rate);
    this.metrics.recordBackpressureRejection(model);
    const pace = rate > 0 ? `it drains at about ${formatPairsPerSecond(rate)} pairs/s` : 'nothing has finished lately';
    throw new RetryLaterException(
      `model "${model}" has ${queued} pairs queued, over ${bound.says}; ${pace}, retry after ${seconds} s`,
      seconds,
    );
  }

  /**
   * Pairs per second the model's live workers can score: one worker's measured speed times the
   * workers with a heartbeat. Read only when RERANK_MAX_QUEUE_SECONDS needs it.
   */
  private async capacity(model: string, queueName: string): Promise<FleetCapacity> {
    const speed = this.results.serviceSpeed(queueName);
    if (this.config.maxQueueSeconds === 0 || speed === 0) return { pairsPerSecond: 0, workers: 0 };
    const cached = this.liveWorkers.get(model);
    let workers: number;
    if (cached && Date.now() - cached.at < READING_TTL_MS) {
      workers = cached.workers;
    } else {
      workers = await this.registry.countLive(model);
      this.liveWorkers.set(model, { workers, at: Date.now() });
    }
    return { pairsPerSecond: speed * workers, workers };
  }

  /** Counts jobs into the backlog; call before enqueueing them, and fail the request if this fails. */
  async enqueuing(queueName: string, jobs: readonly BacklogJob[]): Promise<void> {
    const finished = this.toRelease.get(queueName) ?? [];
    this.toRelease.delete(queueName);
    let released: number;
    try {
      released = await this.backlog.add(queueName, jobs, finished);
    } catch (error) {
      this.finished(queueName, finished);
      throw error;
    }
    // This gateway's own burst counts at once rather than at the next reading.
    const reading = this.readings.get(queueName);
    if (reading) reading.pairs = Math.max(0, reading.pairs + jobs.reduce((sum, job) => sum + job.pairs, 0) - released);
  }

  /**
   * Counts jobs out that finished or were given up. Best effort: one left in leaves at its
   * deadline. A request's jobs finish one by one; they are counted out together when the
   * request ends (`settled`), or sooner with the queue's next enqueue (any request's), so a
   * 4-job request costs one release, not four. Whatever is still waiting after
   * RELEASE_DELAY_MS goes out as one release per queue.
   */
  finished(queueName: string, jobIds: readonly string[]): void {
    if (jobIds.length === 0) return;
    if (!this.releaseTimer) {
      this.releaseTimer = setTimeout(() => this.releaseFinished(), RELEASE_DELAY_MS);
      // A gateway shutting down need not wait: jobs left in leave the backlog at their deadline.
      this.releaseTimer.unref();
    }
    const waiting = this.toRelease.get(queueName);
    if (waiting) waiting.push(...jobIds);
    else this.toRelease.set(queueName, [...jobIds]);
  }

  /**
   * A request on `queueName` stopped waiting for its jobs: what finished is counted out now,
   * before its answer leaves, so the next request is admitted against a backlog without it.
   */
  settled(queueName: string): void {
    const jobIds = this.toRelease.get(queueName);
    if (!jobIds) return;
    this.toRelease.delete(queueName);
    this.release(queueName, jobIds);
  }

  private releaseFinished(): void {
    this.releaseTimer = undefined;
    const batches = [...this.toRelease];
    this.toRelease.clear();
    for (const [queueName, jobIds] of batches) this.release(queueName, jobIds);
  }

  private release(queueName: string, jobIds: string[]): void {
    this.backlog.release(queueName, jobIds).then(
      (pairs) => {
        // Replies come in command order on the one connection, so a reading taken before this release is the one corrected.
        const reading = this.readings.get(queueName);
        if (reading) reading.pairs = Math.max(0, reading.pairs - pairs);
      },
      (error: Error) => this.logger.debug({ msg: 'cannot release jobs from the queue backlog', queue: queueName, reason: error.message }),
    );
  }

  /** Pairs queued on `queueName` fleet-wide, read from Redis at most every READING_TTL_MS. */
  queuedPairs(queueName: string): Promise<number> {
    const reading = this.readings.get(queueName);
    if (reading && Date.now() - reading.at < READING_TTL_MS) return Promise.resolve(reading.pairs);
    let read = this.reads.get(queueName);
    if (!read) {
      read = this.backlog
        .count(queueName)
        .then((pairs) => {
          this.readings.set(queueName, { pairs, at: Date.now() });
          return pairs;
        })
        .finally(() => this.reads.delete(queueName));
      this.reads.set(queueName, read);
    }
    return read;
  }
}
