import { BadGatewayException, GatewayTimeoutException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmbedTextsPayload, EmbedTextsResult, JobName, Lane, TruncationDirection, decodeVector } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { jobOptionsFor } from '@rerank/queue';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { QueueBackpressureService } from '../scoring/queue-backpressure.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { ScoreResultsListener, ScoringFailedError } from '../scoring/score-results.listener';

export interface EmbedRequest {
  requestId: string;
  model: string;
  texts: readonly string[];
  lane: Lane;
  /** Epoch ms when nobody wants the vectors any more; default on the interactive lane: now + RERANK_REQUEST_TIMEOUT_MS, on the bulk lane none. */
  deadline?: number;
  /** L2-normalise (default true). */
  normalize?: boolean;
  truncationDirection?: TruncationDirection;
}

export interface EmbedOutcome {
  /** One vector per text, in request order. */
  vectors: Float32Array[];
  dimensions: number;
  /** Positions of the texts longer than the model's window, embedded truncated. */
  truncated: number[];
  /** Tokens of the texts as the model read them, special tokens included (OpenAI's `prompt_tokens`). */
  realTokens: number;
  jobs: number;
}

/**
 * Cuts a list of texts into embed-texts jobs of at most RERANK_JOB_DOCUMENTS texts on the
 * bi-encoder's queue in the asked lane, and gathers the vectors in order. Texts are spread over
 * jobs so several workers share a long list; each job's id is unique, so a retried or
 * duplicated completion is read once.
 */
@Injectable()
export class EmbeddingDispatcherService {
  private readonly logger = new Logger(EmbeddingDispatcherService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly queues: ScoreQueuesService,
    private readonly results: ScoreResultsListener,
    private readonly fleet: FleetModelsService,
    private readonly backpressure: QueueBackpressureService,
  ) {}

  async dispatch(request: EmbedRequest): Promise<EmbedOutcome> {
    const model = this.queues.resolveModel(request.model);
    await this.fleet.assertServed(model, 'bi-encoder');
    const queue = this.queues.queueFor(model, request.lane);
    // Bulk work waits behind live work by design; only the interactive lane is bounded.
    if (request.lane === Lane.Interactive) await this.backpressure.admit(model, queue.name);
    const deadline = request.deadline ?? (request.lane === Lane.Interactive ? Date.now() + this.config.requestTimeoutMs : undefined);
    // A deadline already spent (by a slow caller, say) is not worth jobs nobody will read.
    if (deadline !== undefined && deadline <= Date.now()) {
      throw new GatewayTimeoutException(`the deadline passed ${Date.now() - deadline} ms before the texts could be embedded`);
    }
    const batchId = randomUUID();
    const payloads = this.split({ ...request, model }, deadline);
    const jobs = payloads.map((payload, chunk) => ({
      name: JobName.EmbedTexts,
      data: payload,
      opts: jobOptionsFor(JobName.EmbedTexts, `${batchId}.${chunk}`),
    }));
    const jobIds = jobs.map((job) => job.opts.jobId as string);
    await this.results.listen(queue.name);
    const results = new Array<EmbedTextsResult | undefined>(jobs.length).fill(undefined);
    const tracked = request.lane === Lane.Interactive;
    const ended = new Array<boolean>(jobs.length).fill(false);
    const done = (job: number) => {
      ended[job] = true;
      if (tracked) this.backpressure.finished(queue.name, [jobIds[job]]);
    };
    const gathered = Promise.all(
      jobIds.map((jobId, job) =>
        this.results.expect<EmbedTextsResult>(jobId).then(
          (result) => {
            results[job] = result;
            done(job);
          },
          (error: unknown) => {
            done(job);
            throw error;
          },
        ),
      ),
    );
    // Rejected at once if Redis drops, possibly while addBulk still runs: never left unhandled.
    gathered.catch(() => undefined);
    try {
      if (tracked) {
        await this.backpressure.enqueuing(
          queue.name,
          payloads.map((payload, job) => ({ jobId: jobIds[job], pairs: payload.texts.length, deadline: deadline as number })),
        );
      }
      await queue.addBulk(jobs);
    } catch (error) {
      this.results.forget(jobIds);
      if (tracked) this.backpressure.finished(queue.name, jobIds);
      throw new ServiceUnavailableException(`cannot enqueue embedding work: ${(error as Error).message}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout =
      deadline === undefined
        ? new Promise<never>(() => undefined)
        : new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()))));
    try {
      const outcome = await Promise.race([gathered, timeout]);
      if (outcome === 'deadline') {
        const unfinished = jobIds.filter((_, job) => !ended[job]);
        throw new GatewayTimeoutException(
          `the deadline passed with ${unfinished.length} of ${jobIds.length} embedding job(s) unfinished; retry, or allow more time`,
        );
      }
      return this.merge(request.texts.length, payloads, results as EmbedTextsResult[]);
    } catch (error) {
      // Failed as a whole (past its deadline, or one job failed): the other jobs are nobody's any
      // more, so they leave the backlog now rather than at their deadline, and spare the workers.
      this.abandon(
        queue,
        jobIds.filter((_, job) => !ended[job]),
        tracked,
      );
      if (error instanceof ScoringFailedError) {
        this.logger.error({ msg: 'embedding failed', requestId: request.requestId, reason: error.message });
        if (error.deadlinePassed) throw new GatewayTimeoutException(`a worker dropped an embedding job past its deadline: ${error.reason}`);
        throw new BadGatewayException(error.message.replace('scoring job', 'embedding job'));
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private abandon(queue: { name: string; remove(jobId: string): Promise<unknown> }, jobIds: string[], tracked: boolean): void {
    if (jobIds.length === 0) return;
    this.results.forget(jobIds);
    if (tracked) this.backpressure.finished(queue.name, jobIds);
    // Waiting jobs are removed to spare the workers; an active one cannot be, and its worker drops it at its deadline.
    void Promise.allSettled(jobIds.map((jobId) => queue.remove(jobId)));
  }

  private split(request: EmbedRequest, deadline: number | undefined): EmbedTextsPayload[] {
    const size = this.config.jobDocuments;
    const payloads: EmbedTextsPayload[] = [];
    for (let start = 0; start < request.texts.length; start += size) {
      const payload: EmbedTextsPayload = {
        requestId: request.requestId,
        model: request.model,
        texts: request.texts.slice(start, start + size),
      };
      if (deadline !== undefined) payload.deadline = deadline;
      if (request.normalize === false) payload.normalize = false;
      if (request.truncationDirection === 'left') payload.truncationDirection = 'left';
      payloads.push(payload);
    }
    return payloads;
  }

  private merge(count: number, payloads: EmbedTextsPayload[], results: EmbedTextsResult[]): EmbedOutcome {
    const vectors: Float32Array[] = [];
    const truncated: number[] = [];
    let realTokens = 0;
    let dimensions = 0;
    let offset = 0;
    payloads.forEach((payload, job) => {
      const result = results[job];
      if (result.vectors.length !== payload.texts.length) {
        throw new BadGatewayException(`embedding job ${job} returned ${result.vectors.length} vectors for ${payload.texts.length} texts`);
      }
      for (const encoded of result.vectors) vectors.push(decodeVector(encoded));
      for (const position of result.truncated) truncated.push(offset + position);
      realTokens += result.realTokens;
      dimensions = result.dimensions;
      offset += payload.texts.length;
    });
    if (vectors.length !== count || vectors.some((vector) => vector.length !== dimensions)) {
      throw new BadGatewayException(`the fleet returned vectors of mixed sizes or the wrong count (${vectors.length} for ${count} texts)`);
    }
    return { vectors, dimensions, truncated, realTokens, jobs: payloads.length };
  }
}
