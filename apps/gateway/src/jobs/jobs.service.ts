import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Lane, WindowingOptions, bulkBatchJobId, bulkBatchJobIdPrefix, modelSlug } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { BulkJobRecord, BulkJobStore, isActive } from '@rerank/bulk-jobs';
import { isRedisConnectionError } from '@rerank/queue';
import { RetrievalEngine } from '@rerank/retrieval';
import { openNdjsonUpload } from '../common/ndjson-upload';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { RETRIEVAL_ENGINE } from '../retrieval/retrieval.tokens';
import { windowingFor } from '../rerank/windowing.policy';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { JobBatchEnqueuer } from './job-batches.enqueuer';
import { JobLineResolver } from './job-line.resolver';
import { SubmitJobQuery } from './job-params.dto';
import { ResultsFormat, jobResultLines } from './job-results';
import { JobUploadSpooler, SpoolSummary, readSpool } from './job-spool';
import { jobStatus } from './job-status';
import { JobAcceptedResponse, JobStatusResponse } from './jobs-response';
import { UploadLineError } from './upload-lines';

/** Content types read as one query per line. */
export const JOB_UPLOAD_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

/** Batches per addBulk round trip, and the text one round trip may carry at most. */
const CHUNK_BATCHES = 250;
const CHUNK_CHARS = 16 * 1024 * 1024;
/** Batch removals in flight at once when a job is cancelled. */
const REMOVE_CONCURRENCY = 500;
/** How long a bulk submission waits for a replica to confirm it (Sentinel only). */
const REPLICA_ACK_TIMEOUT_MS = 1000;

/**
 * How long a job being enqueued may go without its gateway renewing the lease (every chunk,
 * well under a second apart) before readers take that gateway for dead and fail the job.
 */
const ENQUEUE_LEASE_MS = 60_000;

/**
 * Bulk rescoring jobs: an upload is validated whole into a spool file before anything reaches
 * Redis, then becomes a record and batches on the model's bulk queue; status, results and
 * cancellation read and move the record.
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  private readonly spooler: JobUploadSpooler;
  private readonly spoolDir: string;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RETRIEVAL_ENGINE) engine: RetrievalEngine,
    private readonly queues: ScoreQueuesService,
    private readonly store: BulkJobStore,
    private readonly fleet: FleetModelsService,
  ) {
    const limits = {
      maxQueryChars: config.maxQueryChars,
      maxDocumentChars: config.maxDocumentChars,
      maxCandidates: config.maxDocuments,
      maxTop: config.maxCandidates,
    };
    // A line holds what one /v1/rerank body holds (a query and its documents), so it has that limit.
    this.spooler = new JobUploadSpooler(new JobLineResolver(engine, limits), {
      limits,
      maxLineChars: config.bodyLimitBytes,
      maxPairs: config.bulkJobs.maxPairs,
      batchPairs: config.bulkJobs.batchPairs,
    });
    this.spoolDir = join(config.dataDir, 'spool');
  }

  async submit(request: Request, options: SubmitJobQuery, requestId: string): Promise<JobAcceptedResponse> {
    if (!request.is(JOB_UPLOAD_TYPES)) {
      throw new UnsupportedMediaTypeException(
        'send the job as NDJSON, one query per line { "query_id", "query", "candidates": [{ "id", "text" }] }, ' +
          `with content-type application/x-ndjson (or application/jsonl); got ${request.header('content-type') ?? 'no content-type'}`,
      );
    }
    const model = this.queues.resolveModel(options.model);
    // A bi-encoder's bulk queue carries embeddings: a rescoring batch there would never be scored.
    await this.fleet.assertKind(model, 'cross-encoder');
    const windowing = windowingFor(
      {
        truncate: options.truncate,
        aggregation: options.aggregation,
        maxChunksPerDoc: options.max_chunks_per_doc,
        stride: options.stride,
        meanTopK: options.mean_top_k,
      },
      this.config.maxChunksPerDoc,
    );
    const id = randomUUID().replaceAll('-', '');
    await mkdir(this.spoolDir, { recursive: true });
    const spool = join(this.spoolDir, `${id}.ndjson`);
    try {
      const summary = await this.validate(request, spool);
      const record = { id, model, topN: options.top_n, queries: summary.queries, pairsTotal: summary.pairs, batches: summary.batches };
      try {
        const createdAt = Date.now();
        await this.store.create({ ...record, requestId, createdAt, enqueueLeaseUntil: createdAt + ENQUEUE_LEASE_MS });
      } catch (error) {
        // Redis away is the exception filter's to phrase; anything else is worth its own words.
        if (isRedisConnectionError(error)) throw error;
        throw new ServiceUnavailableException(`cannot create the job in Redis: ${(error as Error).message}`);
      }
      const state = await this.enqueue(id, model, spool, windowing);
      await this.awaitReplica(id);
      this.logger.log({ msg: 'bulk job queued', requestId, jobId: id, model, ...summary, state });
      return { id, state, queries: summary.queries, pairs: summary.pairs };
    } finally {
      await rm(spool, { force: true });
    }
  }

  /**
   * Behind Sentinel, answers 202 only once a replica holds the job and its batches, so a failover
   * after the answer cannot lose them; a single server has no replica to wait for.
   */
  private async awaitReplica(jobId: string): Promise<void> {
    if (this.config.redis.mode !== 'sentinel') return;
    const replicas = await this.store.awaitReplica(REPLICA_ACK_TIMEOUT_MS).catch(() => 0);
    if (replicas === 0)
      this.logger.warn({
        msg: 'no replica confirmed the bulk job in time; a failover now could lose it',
        jobId,
        waitedMs: REPLICA_ACK_TIMEOUT_MS,
      });
  }

  async status(id: string): Promise<JobStatusResponse> {
    return jobStatus(await this.find(id));
  }

  /** Streams a completed job's results into `response`, pausing while the client is slower than Redis. */
  async streamResults(id: string, format: ResultsFormat, response: Response): Promise<void> {
    const job = await this.find(id);
    if (job.state !== 'completed') {
      const reason = job.failedReason ? `: ${job.failedReason}` : '';
      throw new ConflictException(
        `job ${id} is ${job.state} (${job.pairsDone} of ${job.pairsTotal} pairs scored)${reason}; results exist once a job has completed`,
      );
    }
    response.status(200).type(format === 'trec' ? 'text/plain; charset=utf-8' : 'application/x-ndjson');
    try {
      await pipeline(Readable.from(jobResultLines(this.store, job, format, modelSlug(job.model))), response);
    } catch (error) {
      // The status line is gone already; a cut connection is how the client learns the file is incomplete.
      this.logger.error({ msg: 'streaming job results failed', jobId: id, error: (error as Error).message });
      response.destroy();
    }
  }

  /** Cancels an active job and takes its waiting batches off the queue; a batch being scored finishes unstored. */
  async cancel(id: string): Promise<JobStatusResponse> {
    const job = await this.find(id);
    const before = isActive(job.state) ? await this.store.cancel(id) : job.state;
    if (!isActive(before)) {
      throw new ConflictException(`job ${id} is already ${before}; only a queued or running job can be cancelled`);
    }
    await this.removeBatches(job);
    this.logger.log({ msg: 'bulk job cancelled', jobId: id, pairsDone: job.pairsDone, pairsTotal: job.pairsTotal });
    return this.status(id);
  }

  /** Takes a job's waiting batches off the queue; a batch being processed is locked and stays (its worker stores nothing). */
  private async removeBatches(job: BulkJobRecord): Promise<void> {
    const queue = this.queues.queueFor(job.model, Lane.Bulk);
    for (let start = 0; start < job.batches; start += REMOVE_CONCURRENCY) {
      const batches = Array.from({ length: Math.min(REMOVE_CONCURRENCY, job.batches - start) }, (_, i) => start + i);
      await Promise.allSettled(batches.map((batch) => queue.remove(bulkBatchJobId(job.id, batch))));
    }
  }

  private async find(id: string): Promise<BulkJobRecord> {
    const job = await this.store.get(id);
    if (!job)
      throw new NotFoundException(`job ${id} does not exist (jobs are kept ${this.config.bulkJobs.ttlSeconds} s, RERANK_JOB_TTL_SECONDS)`);
    return this.failIfBatchesLost(await this.failIfAbandoned(job));
  }

  /**
   * An active, fully enqueued job with pairs unscored and no batch left in its queue lost
   * batches: a Redis failover or restart dropped them after the job was accepted. A batch's texts
   * live only in its queue job, so it cannot be sent again; the job is failed with the reason
   * instead of running until it expires. Checked when the model's bulk queue is empty, so jobs of
   * others still queued there delay the verdict, never make it wrong.
   */
  private async failIfBatchesLost(job: BulkJobRecord): Promise<BulkJobRecord> {
    if (!isActive(job.state) || job.enqueueLeaseUntil !== undefined || job.pairsDone >= job.pairsTotal) return job;
    const queue = this.queues.queueFor(job.model, Lane.Bulk);
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
    if (Object.values(counts).some((count) => count > 0)) return job;
    // A batch that just failed for good is not lost: its worker is failing the job with the real reason.
    const recentFailures = await queue.getFailed(0, 99);
    if (recentFailures.some((failed) => failed.id?.startsWith(bulkBatchJobIdPrefix(job.id)))) return job;
    // The last batch may have completed the job between the two reads.
    const current = await this.store.get(job.id);
    if (!current || !isActive(current.state)) return current ?? job;
    const missing = current.pairsTotal - current.pairsDone;
    const reason = `${missing} of ${current.pairsTotal} pairs were in batches no longer in Redis (lost in a Redis failover or restart); submit the job again`;
    if (isActive(await this.store.fail(job.id, reason)))
      this.logger.warn({ msg: 'bulk job lost batches; failed', jobId: job.id, missingPairs: missing });
    return (await this.store.get(job.id)) ?? current;
  }

  /**
   * A job whose enqueue lease ran out lost its gateway half-way through enqueueing: it could
   * never complete, so it is failed (and its batches removed) instead of waiting until it expires.
   */
  private async failIfAbandoned(job: BulkJobRecord): Promise<BulkJobRecord> {
    if (!isActive(job.state) || job.enqueueLeaseUntil === undefined || Date.now() <= job.enqueueLeaseUntil) return job;
    const reason = 'the gateway enqueueing its batches stopped before enqueueing all of them; submit the job again';
    if (isActive(await this.store.fail(job.id, reason))) {
      this.logger.warn({ msg: 'bulk job abandoned while being enqueued; failed', jobId: job.id });
      await this.removeBatches(job);
    }
    return (await this.store.get(job.id)) ?? job;
  }

  /** The first pass: every line checked and resolved into the spool file, nothing in Redis yet. */
  private async validate(request: Request, spool: string): Promise<SpoolSummary> {
    const upload = openNdjsonUpload(request, (line, problem) => new UploadLineError(line, problem));
    let summary: SpoolSummary;
    try {
      summary = await this.spooler.spool(upload, spool);
    } catch (error) {
      if (error instanceof UploadLineError) throw new BadRequestException(`${error.message}; nothing was enqueued`);
      throw error;
    } finally {
      // Read whatever the spooler left of the request, however it stopped.
      upload.destroy();
    }
    if (summary.queries === 0) {
      throw new BadRequestException(
        'the upload holds no queries: send one JSON object per line, { "query_id", "query", "candidates": [{ "id", "text" }] }',
      );
    }
    if (summary.pairs === 0)
      throw new BadRequestException('the upload holds no pairs: the first stage found no candidates for any of its queries');
    return summary;
  }

  /** The second pass. A failure half-way fails the job, so no one waits for batches that never came. */
  private async enqueue(
    id: string,
    model: string,
    spool: string,
    windowing: WindowingOptions | undefined,
  ): Promise<JobAcceptedResponse['state']> {
    const enqueuer = new JobBatchEnqueuer(this.store, this.queues.queueFor(model, Lane.Bulk), {
      batchPairs: this.config.bulkJobs.batchPairs,
      chunkBatches: CHUNK_BATCHES,
      chunkChars: CHUNK_CHARS,
      leaseMs: ENQUEUE_LEASE_MS,
    });
    try {
      const { stopped } = await enqueuer.enqueue(id, model, readSpool(spool), windowing);
      if (stopped) return (await this.store.state(id)) ?? 'cancelled';
      await this.store.markEnqueued(id);
      return 'queued';
    } catch (error) {
      const reason = `enqueueing its batches failed: ${(error as Error).message}`;
      await this.store
        .fail(id, reason)
        .catch((failError: unknown) =>
          this.logger.error({ msg: 'cannot mark a half-enqueued job failed', jobId: id, error: (failError as Error).message }),
        );
      const cause = isRedisConnectionError(error) ? 'Redis became unreachable' : (error as Error).message;
      throw new ServiceUnavailableException(`cannot enqueue job ${id}: ${cause}; the job was marked failed, submit it again`);
    }
  }
}
