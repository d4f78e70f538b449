import { BadGatewayException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import {
  ChunkSpan,
  JobName,
  ScoreDocument,
  ScorePairsPayload,
  ScorePairsResult,
  WindowingOptions,
  estimatedWindows,
} from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { isRedisConnectionError, jobOptionsFor } from '@rerank/queue';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FleetModelsService } from './fleet-models.service';
import { jobCountFor, splitIntoJobs } from './job-split.policy';
import { QueueAhead, QueueBackpressureService } from './queue-backpressure.service';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener, ScoringFailedError } from './score-results.listener';

export interface DispatchRequest {
  requestId: string;
  model: string;
  query: string;
  texts: readonly string[];
  /** Read long documents in windows; absent: truncate each to one window. */
  windowing?: WindowingOptions;
  /** Document tokens read at most. */
  maxDocumentTokens?: number;
  /** `left`: a too-long text keeps its end. Absent: its start. */
  truncationDirection?: 'left' | 'right';
  /** Epoch ms when nobody waits for scores any more; default: now + RERANK_REQUEST_TIMEOUT_MS. */
  deadline?: number;
}

export interface DispatchResult {
  /**
   * One logit per text, in request order (a windowed document's aggregated one); NaN for a text
   * whose job had not come back by the deadline. Whether a partial result is answered (and how)
   * is the caller's decision: see `assertAnswerable` and `rankScoredFirst`.
   */
  logits: number[];
  /** Per text, the window that won when it was read in several; undefined otherwise. */
  bestChunks: (ChunkSpan | undefined)[];
  /** Per text, the real tokens of its pairs (0 while unscored, or from a worker that predates the count). */
  documentTokens: number[];
  /** Of the documents' tokens, those answered from the score cache rather than read by a worker. */
  cachedTokens: number;
  realTokens: number;
  paddedTokens: number;
  jobs: number;
  /** What was queued ahead of the request when it joined (for a 504 to say why); absent when unknown or nothing was queued. */
  queueAhead?: QueueAhead;
}

/**
 * Splits a request into bounded scoring jobs, enqueues them on the model's queue and gathers
 * their results. Jobs are sized so several workers can share one request and a huge request
 * never becomes one giant job.
 */
@Injectable()
export class ScoreDispatcherService {
  private readonly logger = new Logger(ScoreDispatcherService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly queues: ScoreQueuesService,
    private readonly results: ScoreResultsListener,
    private readonly fleet: FleetModelsService,
    private readonly metrics: GatewayMetrics,
    private readonly backpressure: QueueBackpressureService,
  ) {}

  async dispatch(request: DispatchRequest): Promise<DispatchResult> {
    const queue = this.queues.queueFor(request.model);
    // Two round trips at once; an unserved model's 503 comes first whatever the backlog says.
    const served = this.fleet.assertServed(request.model, 'cross-encoder');
    const admitted = this.backpressure.admit(request.model, queue.name, served);
    admitted.catch(() => undefined);
    const workers = await served;
    const queueAhead = await admitted;
    const deadline = request.deadline ?? Date.now() + this.config.requestTimeoutMs;
    const batchId = randomUUID();
    const planned = this.split(request, deadline, workers);
    const payloads = planned.map((job) => job.payload);
    // A deadline already spent (by a slow first stage, say) is not worth a job nobody will read.
    if (deadline <= Date.now()) return this.merge(request.texts.length, payloads, []);
    const jobs = payloads.map((payload, chunk) => {
      const jobId = `${batchId}.${chunk}`;
      return { name: JobName.ScorePairs, data: payload, opts: jobOptionsFor(JobName.ScorePairs, jobId) };
    });
    const jobIds = jobs.map((job) => job.opts.jobId as string);
    await this.results.listen(queue.name);
    const results = new Array<ScorePairsResult | undefined>(jobs.length).fill(undefined);
    const ended = new Array<boolean>(jobs.length).fill(false);
    const waiting = jobIds.map((jobId, job) =>
      this.results.expect(jobId).then(
        (result) => {
          results[job] = result;
          ended[job] = true;
          this.backpressure.finished(queue.name, [jobId]);
        },
        (error: unknown) => {
          ended[job] = true;
          this.backpressure.finished(queue.name, [jobId]);
          // A worker whose clock runs ahead dropped it for its deadline: its documents are unscored, nothing broke.
          if (error instanceof ScoringFailedError && error.deadlinePassed) return;
          throw error;
        },
      ),
    );
    // The listener rejects these at once if Redis drops, possibly while addBulk still runs:
    // handled from the start, so such a rejection can never go unhandled and end the process.
    const gathered = Promise.all(waiting);
    gathered.catch(() => undefined);
    try {
      await this.backpressure.enqueuing(
        queue.name,
        planned.map(({ pairs }, job) => ({ jobId: jobIds[job], pairs, deadline })),
      );
      // A lone job skips addBulk's pipeline: the same one command, without building a pipeline around it.
      if (jobs.length === 1) await queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
      else await queue.addBulk(jobs);
    } catch (error) {
      this.results.forget(jobIds);
      this.backpressure.finished(queue.name, jobIds);
      // Redis away is the exception filter's to phrase (503, Retry-After); ioredis' own words mean nothing to a client.
      if (isRedisConnectionError(error)) throw error;
      throw new ServiceUnavailableException(`cannot enqueue scoring work: ${(error as Error).message}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()));
    });
    try {
      const outcome = await Promise.race([gathered, timeout]);
      if (outcome === 'deadline') {
        this.abandon(
          request,
          queue,
          jobIds.filter((_, job) => !ended[job]),
          'deadline passed with jobs unfinished',
        );
        ended.fill(true); // given up: a failure further on must not give them up twice
      }
      const merged = this.merge(request.texts.length, payloads, results);
      if (queueAhead) merged.queueAhead = queueAhead;
      if (outcome === 'deadline') this.metrics.recordDeadlineOverrun(request.model, merged.logits.filter(Number.isNaN).length);
      const pairs = results.reduce((sum, result) => sum + (result?.scores.reduce((n, score) => n + (score.windows ?? 1), 0) ?? 0), 0);
      this.metrics.recordScored(request.model, pairs, merged.realTokens, merged.paddedTokens);
      return merged;
    } catch (error) {
      // The request fails as a whole: its other jobs are nobody's any more, so they leave the
      // backlog now (not at their deadline, holding back other requests) and spare the workers.
      this.abandon(
        request,
        queue,
        jobIds.filter((_, job) => !ended[job]),
        'request failed with jobs unfinished',
      );
      if (error instanceof ScoringFailedError) {
        this.logger.error({ msg: 'scoring failed', requestId: request.requestId, reason: error.message });
        throw new BadGatewayException(error.message);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops waiting for jobs the request no longer needs (its deadline overtook them, or another of its jobs failed). */
  private abandon(request: DispatchRequest, queue: Queue, jobIds: string[], msg: string): void {
    if (jobIds.length === 0) return;
    this.results.forget(jobIds);
    this.backpressure.finished(queue.name, jobIds);
    // Waiting jobs are removed to spare the workers; an active one cannot be: it runs on, and past the deadline its worker drops what is left of it.
    void Promise.allSettled(jobIds.map((jobId) => queue.remove(jobId)));
    this.logger.log({
      msg,
      requestId: request.requestId,
      model: request.model,
      unfinished: jobIds.length,
    });
  }

  /**
   * Cuts the documents into one job per live worker, of RERANK_JOB_DOCUMENTS to
   * RERANK_JOB_MAX_DOCUMENTS pairs each (see `jobCountFor`). A document read in windows counts
   * as the windows it is estimated to need, so a request of long documents is spread over more
   * jobs (and workers) instead of making a few that hold a worker for long.
   */
  private split(request: DispatchRequest, deadline: number, workers: number): { payload: ScorePairsPayload; pairs: number }[] {
    const costs = request.texts.map((text) => estimatedWindows(text.length, request.windowing, request.maxDocumentTokens));
    const weight = costs.reduce((sum, cost) => sum + cost, 0);
    const jobs = jobCountFor(weight, workers, this.config);
    const groups = splitIntoJobs(costs, jobs, this.config.maxJobDocuments).map((positions) => ({
      documents: positions.map((index): ScoreDocument => ({ index, text: request.texts[index] })),
      pairs: positions.reduce((sum, index) => sum + costs[index], 0),
    }));
    return groups.map(({ documents, pairs }) => {
      const payload: ScorePairsPayload = { requestId: request.requestId, model: request.model, query: request.query, deadline, documents };
      if (request.windowing) payload.windowing = request.windowing;
      if (request.maxDocumentTokens !== undefined) payload.maxDocumentTokens = request.maxDocumentTokens;
      if (request.truncationDirection === 'left') payload.truncationDirection = 'left';
      return { payload, pairs };
    });
  }

  /** The scores of the jobs that came back, NaN for the documents of those that did not. */
  private merge(count: number, payloads: ScorePairsPayload[], results: readonly (ScorePairsResult | undefined)[]): DispatchResult {
    const logits = new Array<number>(count).fill(Number.NaN);
    const bestChunks = new Array<ChunkSpan | undefined>(count).fill(undefined);
    const documentTokens = new Array<number>(count).fill(0);
    let realTokens = 0;
    let paddedTokens = 0;
    payloads.forEach(({ documents }, job) => {
      const result = results[job];
      if (!result) return;
      if (result.scores.length !== documents.length) {
        throw new BadGatewayException(`scoring job ${job} returned ${result.scores.length} scores for ${documents.length} documents`);
      }
      realTokens += result.realTokens;
      paddedTokens += result.paddedTokens;
      for (const { index, logit, bestChunk, tokens } of result.scores) {
        logits[index] = logit;
        bestChunks[index] = bestChunk;
        documentTokens[index] = tokens ?? 0;
      }
      const missing = documents.find(({ index }) => !Number.isFinite(logits[index]));
      if (missing) throw new BadGatewayException(`no finite score came back for document ${missing.index}`);
    });
    return { logits, bestChunks, documentTokens, cachedTokens: 0, realTokens, paddedTokens, jobs: payloads.length };
  }
}
