import {
  BadGatewayException,
  GatewayTimeoutException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChunkSpan, JobName, ScoreDocument, ScorePairsPayload, ScorePairsResult, WindowingOptions } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { jobOptionsFor } from '@rerank/queue';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FleetModelsService } from './fleet-models.service';
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
}

export interface DispatchResult {
  /** One logit per text, in request order (a windowed document's aggregated one). */
  logits: number[];
  /** Per text, the window that won when it was read in several; undefined otherwise. */
  bestChunks: (ChunkSpan | undefined)[];
  realTokens: number;
  paddedTokens: number;
  jobs: number;
}

/**
 * Rough characters per window, to size jobs without a tokenizer (the gateway loads none):
 * about four characters a token and windows of a few hundred tokens. Only job sizes depend on it.
 */
const CHARACTERS_PER_WINDOW = 2000;

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
  ) {}

  async dispatch(request: DispatchRequest): Promise<DispatchResult> {
    const queue = this.queues.queueFor(request.model);
    await this.fleet.assertServed(request.model);
    const deadline = Date.now() + this.config.requestTimeoutMs;
    const batchId = randomUUID();
    const jobs = this.split(request, deadline).map((payload, chunk) => {
      const jobId = `${batchId}.${chunk}`;
      return { name: JobName.ScorePairs, data: payload, opts: jobOptionsFor(JobName.ScorePairs, jobId) };
    });
    const jobIds = jobs.map((job) => job.opts.jobId as string);
    await this.results.listen(queue.name);
    let finished = 0;
    const waiting = jobIds.map((jobId) => this.results.expect(jobId).then((result) => (finished++, result)));
    try {
      await queue.addBulk(jobs);
    } catch (error) {
      this.results.forget(jobIds);
      throw new ServiceUnavailableException(`cannot enqueue scoring work: ${(error as Error).message}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimedOut()), Math.max(0, deadline - Date.now()));
    });
    try {
      const settled = await Promise.race([Promise.all(waiting), timeout]);
      const merged = this.merge(request.texts.length, settled, jobs.map((job) => job.data));
      const pairs = settled.reduce((sum, result) => sum + result.scores.reduce((n, score) => n + (score.windows ?? 1), 0), 0);
      this.metrics.recordScored(request.model, pairs, merged.realTokens, merged.paddedTokens);
      return merged;
    } catch (error) {
      this.results.forget(jobIds);
      if (error instanceof RequestTimedOut) {
        void Promise.allSettled(jobIds.map((jobId) => queue.remove(jobId)));
        throw new GatewayTimeoutException(
          `scoring did not finish within ${this.config.requestTimeoutMs} ms ` +
            `(${finished} of ${jobIds.length} jobs done for model "${request.model}"); ` +
            'check that a worker serves this model (GET /health)',
        );
      }
      if (error instanceof ScoringFailedError) {
        this.logger.error({ msg: 'scoring failed', requestId: request.requestId, reason: error.message });
        throw new BadGatewayException(error.message);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Cuts the documents into jobs of about RERANK_JOB_DOCUMENTS pairs. A document read in
   * windows counts as the windows it is estimated to need, so a request of long documents is
   * spread over more jobs (and workers) instead of making a few that hold a worker for long.
   */
  private split(request: DispatchRequest, deadline: number): ScorePairsPayload[] {
    const budget = this.config.jobDocuments;
    const groups: ScoreDocument[][] = [];
    let group: ScoreDocument[] = [];
    let weight = 0;
    request.texts.forEach((text, index) => {
      const cost = this.estimatedWindows(text, request);
      if (group.length > 0 && weight + cost > budget) {
        groups.push(group);
        group = [];
        weight = 0;
      }
      group.push({ index, text });
      weight += cost;
    });
    if (group.length > 0) groups.push(group);
    return groups.map((documents) => {
      const payload: ScorePairsPayload = { requestId: request.requestId, model: request.model, query: request.query, deadline, documents };
      if (request.windowing) payload.windowing = request.windowing;
      if (request.maxDocumentTokens !== undefined) payload.maxDocumentTokens = request.maxDocumentTokens;
      return payload;
    });
  }

  private estimatedWindows(text: string, request: DispatchRequest): number {
    if (!request.windowing || request.windowing.aggregation === 'first') return 1;
    const characters = Math.min(text.length, (request.maxDocumentTokens ?? Infinity) * 4);
    return Math.min(request.windowing.maxChunks, Math.max(1, Math.ceil(characters / CHARACTERS_PER_WINDOW)));
  }

  private merge(count: number, results: ScorePairsResult[], payloads: ScorePairsPayload[]): DispatchResult {
    const logits = new Array<number>(count).fill(Number.NaN);
    const bestChunks = new Array<ChunkSpan | undefined>(count).fill(undefined);
    let realTokens = 0;
    let paddedTokens = 0;
    results.forEach((result, job) => {
      realTokens += result.realTokens;
      paddedTokens += result.paddedTokens;
      for (const { index, logit, bestChunk } of result.scores) {
        logits[index] = logit;
        bestChunks[index] = bestChunk;
      }
      if (result.scores.length !== payloads[job].documents.length) {
        throw new BadGatewayException(`scoring job ${job} returned ${result.scores.length} scores for ${payloads[job].documents.length} documents`);
      }
    });
    const missing = logits.findIndex((logit) => !Number.isFinite(logit));
    if (missing >= 0) throw new BadGatewayException(`no finite score came back for document ${missing}`);
    return { logits, bestChunks, realTokens, paddedTokens, jobs: results.length };
  }
}

class RequestTimedOut extends Error {}
