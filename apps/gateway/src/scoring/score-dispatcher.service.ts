import {
  BadGatewayException,
  GatewayTimeoutException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobName, ScorePairsPayload, ScorePairsResult } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { jobOptionsFor } from '@rerank/queue';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener, ScoringFailedError } from './score-results.listener';

export interface DispatchRequest {
  requestId: string;
  model: string;
  query: string;
  texts: readonly string[];
}

export interface DispatchResult {
  /** One logit per text, in request order. */
  logits: number[];
  realTokens: number;
  paddedTokens: number;
  jobs: number;
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
  ) {}

  async dispatch(request: DispatchRequest): Promise<DispatchResult> {
    const queue = this.queues.queueFor(request.model);
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
      return this.merge(request.texts.length, settled, jobs.map((job) => job.data));
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

  private split(request: DispatchRequest, deadline: number): ScorePairsPayload[] {
    const size = this.config.jobDocuments;
    const payloads: ScorePairsPayload[] = [];
    for (let start = 0; start < request.texts.length; start += size) {
      payloads.push({
        requestId: request.requestId,
        model: request.model,
        query: request.query,
        deadline,
        documents: request.texts.slice(start, start + size).map((text, offset) => ({ index: start + offset, text })),
      });
    }
    return payloads;
  }

  private merge(count: number, results: ScorePairsResult[], payloads: ScorePairsPayload[]): DispatchResult {
    const logits = new Array<number>(count).fill(Number.NaN);
    let realTokens = 0;
    let paddedTokens = 0;
    results.forEach((result, job) => {
      realTokens += result.realTokens;
      paddedTokens += result.paddedTokens;
      for (const { index, logit } of result.scores) logits[index] = logit;
      if (result.scores.length !== payloads[job].documents.length) {
        throw new BadGatewayException(`scoring job ${job} returned ${result.scores.length} scores for ${payloads[job].documents.length} documents`);
      }
    });
    const missing = logits.findIndex((logit) => !Number.isFinite(logit));
    if (missing >= 0) throw new BadGatewayException(`no finite score came back for document ${missing}`);
    return { logits, realTokens, paddedTokens, jobs: results.length };
  }
}

class RequestTimedOut extends Error {}
