import { Inject, Logger, Type } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError, WorkerOptions } from 'bullmq';
import {
  InvalidPayloadError,
  JobName,
  JobTypes,
  Lane,
  PairScore,
  ScorePairsPayload,
  ScorePairsResult,
  deadlinePassedReason,
  parseScorePairsPayload,
  scoreQueueName,
} from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { DeadlineExceededError, ScoredDocuments } from '@rerank/scoring';
import { JobLockKeeper } from '@rerank/queue';
import { JOB_LOCK_KEEPER, MODEL_SCORERS, WORKER_CONFIG, WORKER_ID } from '../worker.tokens';
import { ModelScorers } from './model-scorers';
import { scoreTexts } from './score-texts';

type ScoreJob = Job<JobTypes[JobName.ScorePairs]['payload'], ScorePairsResult, JobName>;

/** The BullMQ worker settings every score processor shares. */
export type ScoreWorkerOptions = Pick<
  WorkerOptions,
  'concurrency' | 'stalledInterval' | 'lockDuration' | 'maxStalledCount' | 'skipLockRenewal' | 'name'
>;

/**
 * Consumes one model's score queue. Which model is fixed per subclass (see `scoreProcessorFor`),
 * because BullMQ binds a processor class to one queue name.
 */
export abstract class ScoreProcessor extends WorkerHost {
  private readonly logger = new Logger(ScoreProcessor.name);
  /** The model whose queue this processor consumes. */
  protected abstract readonly model: string;

  constructor(
    @Inject(MODEL_SCORERS) private readonly scorers: ModelScorers,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
    /** Null with Sentinel or a cluster, where BullMQ renews the locks itself. */
    @Inject(JOB_LOCK_KEEPER) private readonly locks: JobLockKeeper | null,
  ) {
    super();
  }

  /** BullMQ hands over each job with its lock token; the lock is renewed while the job is in hand. */
  async process(job: ScoreJob, token?: string): Promise<ScorePairsResult> {
    if (token !== undefined && job.id !== undefined) this.locks?.hold(scoreQueueName(this.model), job.name, job.id, token);
    try {
      return await this.score(job);
    } finally {
      if (token !== undefined) this.locks?.release(token);
    }
  }

  private async score(job: ScoreJob): Promise<ScorePairsResult> {
    if (job.name !== JobName.ScorePairs) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const payload = this.parse(job.data);
    const late = Date.now() - payload.deadline;
    // Nobody waits for this job any more: tokenizing it would only delay the live ones behind it.
    if (late > 0) throw new UnrecoverableError(deadlinePassedReason(late));
    const started = performance.now();
    let scored: ScoredDocuments;
    try {
      const { query, documents, windowing, maxDocumentTokens, truncationDirection, deadline } = payload;
      const texts = documents.map((document) => document.text);
      scored = await scoreTexts(this.scorers.get(this.model), query, texts, {
        windowing,
        maxDocumentTokens,
        truncationDirection,
        deadline,
        lane: Lane.Interactive,
      });
    } catch (error) {
      // Nobody waits for this result any more; a retry would only delay live requests.
      if (error instanceof DeadlineExceededError) throw new UnrecoverableError(error.message);
      throw error;
    }
    this.logger.debug({
      msg: 'scored',
      requestId: payload.requestId,
      jobId: job.id,
      model: this.model,
      documents: payload.documents.length,
      pairs: scored.documents.reduce((sum, doc) => sum + doc.windows, 0),
      realTokens: scored.realTokens,
      paddedTokens: scored.paddedTokens,
      ms: Math.round(performance.now() - started),
    });
    return {
      scores: payload.documents.map(({ index }, position): PairScore => {
        const { logit, windows, bestChunk, tokens } = scored.documents[position];
        return bestChunk ? { index, logit, windows, bestChunk, tokens } : { index, logit, tokens };
      }),
      paddedTokens: scored.paddedTokens,
      realTokens: scored.realTokens,
      busyMs: scored.busyMs,
      workerId: this.workerId,
    };
  }

  private parse(data: unknown): ScorePairsPayload {
    try {
      const payload = parseScorePairsPayload(data, this.config.maxJobDocuments);
      if (payload.model !== this.model) {
        throw new InvalidPayloadError(`model "${payload.model}" does not belong on the queue of "${this.model}"`);
      }
      return payload;
    } catch (error) {
      if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}

/** A processor class bound to `model`'s queue: one per served model. */
export function scoreProcessorFor(model: string, options: ScoreWorkerOptions): Type<ScoreProcessor> {
  @Processor(scoreQueueName(model), options)
  class ModelScoreProcessor extends ScoreProcessor {
    protected readonly model = model;
  }
  // Shows in Nest's logs and errors instead of the same class name for every model.
  Object.defineProperty(ModelScoreProcessor, 'name', { value: `ScoreProcessor[${model}]` });
  return ModelScoreProcessor;
}
