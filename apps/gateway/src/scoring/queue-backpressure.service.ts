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
 * How long finished jobs may wait to be counted out of the backlog in Redis, when neither an
 * enqueue nor a backlog reading of their queue carries them sooner.
 */
const RELEASE_DELAY_MS = 50;

/** Own jobs tracked before the expired ones are looked for: a scan per enqueue only past this. */
const OWN_JOBS_PRUNED_FROM = 10_000;

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
  /** Finished job ids per queue not yet counted out in Redis: released with the queue's next enqueue or reading, or after RELEASE_DELAY_MS. */
  private readonly toRelease = new Map<string, string[]>();
  /** Pairs of this gateway's jobs still counted in, by job id: what a finished one takes off this gateway's own reading at once. */
  private readonly ownPairs = new Map<string, { pairs: number; deadline: number }>();
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
   * backlog cannot be read. `served` is the model's served check when it runs beside this one: a
   * refusal waits for it, so a request answered 503 for want of workers is not counted as refused
   * for backpressure.
   */
  async admit(model: string, queueName: string, served?: Promise<unknown>): Promise<QueueAhead | undefined> {
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
    await served;
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
    try {
      await this.backlog.add(queueName, jobs, finished);
    } catch (error) {
      this.releaseLater(queueName, finished);
      throw error;
    }
    this.forgetExpiredOwnJobs();
    for (const { jobId, pairs, deadline } of jobs) this.ownPairs.set(jobId, { pairs, deadline });
    // This gateway's own burst counts at once rather than at the next reading; what was released
    // came off the reading when it finished. Only a job another reading already dropped for its deadline differs.
    const reading = this.readings.get(queueName);
    if (reading) reading.pairs = Math.max(0, reading.pairs + jobs.reduce((sum, job) => sum + job.pairs, 0));
  }

  /**
   * Counts jobs out that finished or were given up: at once in this gateway's reading, and in
   * Redis (best effort: one left in leaves at its deadline) with the queue's next enqueue or
   * backlog reading, whichever gateway request makes it, so a request costs no command of its
   * own for this. Whatever is still waiting after RELEASE_DELAY_MS goes out as one release per queue.
   */
  finished(queueName: string, jobIds: readonly string[]): void {
    if (jobIds.length === 0) return;
    let pairs = 0;
    for (const jobId of jobIds) {
      pairs += this.ownPairs.get(jobId)?.pairs ?? 0;
      this.ownPairs.delete(jobId);
    }
    const reading = this.readings.get(queueName);
    if (reading) reading.pairs = Math.max(0, reading.pairs - pairs);
    this.releaseLater(queueName, jobIds);
  }

  /**
   * A request that failed stops waiting for its other jobs, which are then never reported
   * finished; past their deadline they count nowhere (Redis drops them too), so they go.
   */
  private forgetExpiredOwnJobs(): void {
    if (this.ownPairs.size < OWN_JOBS_PRUNED_FROM) return;
    const now = Date.now();
    for (const [jobId, { deadline }] of this.ownPairs) if (deadline < now) this.ownPairs.delete(jobId);
  }

  /** Queues job ids for the next command that counts jobs out of `queueName`'s backlog in Redis. */
  private releaseLater(queueName: string, jobIds: readonly string[]): void {
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

  private releaseFinished(): void {
    this.releaseTimer = undefined;
    const batches = [...this.toRelease];
    this.toRelease.clear();
    for (const [queueName, jobIds] of batches) {
      this.backlog
        .release(queueName, jobIds)
        .catch((error: Error) =>
          this.logger.debug({ msg: 'cannot release jobs from the queue backlog', queue: queueName, reason: error.message }),
        );
    }
  }

  /** Pairs queued on `queueName` fleet-wide, read from Redis at most every READING_TTL_MS. */
  queuedPairs(queueName: string): Promise<number> {
    const reading = this.readings.get(queueName);
    if (reading && Date.now() - reading.at < READING_TTL_MS) return Promise.resolve(reading.pairs);
    let read = this.reads.get(queueName);
    if (!read) {
      const finished = this.toRelease.get(queueName) ?? [];
      this.toRelease.delete(queueName);
      read = this.backlog
        .count(queueName, Date.now(), finished)
        .then(
          (pairs) => {
            this.readings.set(queueName, { pairs, at: Date.now() });
            return pairs;
          },
          (error: unknown) => {
            this.releaseLater(queueName, finished);
            throw error;
          },
        )
        .finally(() => this.reads.delete(queueName));
      this.reads.set(queueName, read);
    }
    return read;
  }
}
