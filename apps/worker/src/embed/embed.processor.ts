import { Inject, Logger, Type } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import {
  EmbedTextsPayload,
  EmbedTextsResult,
  InvalidEmbedPayloadError,
  JobName,
  JobTypes,
  Lane,
  deadlinePassedReason,
  encodeVector,
  parseEmbedTextsPayload,
  scoreQueueName,
} from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { DeadlineExceededError, EmbeddedTexts } from '@rerank/scoring';
import { ModelScorers } from '../score/model-scorers';
import { ScoreWorkerOptions } from '../score/score.processor';
import { MODEL_SCORERS, WORKER_CONFIG, WORKER_ID } from '../worker.tokens';

type EmbedJob = Job<JobTypes[JobName.EmbedTexts]['payload'], EmbedTextsResult, JobName>;

/**
 * Consumes one bi-encoder's queue in one lane: query embeddings on the interactive lane,
 * document embeddings on the bulk lane, both through the model's one batcher, where bulk texts
 * wait for interactive ones. Which model and lane is fixed per subclass (see `embedProcessorFor`).
 */
export abstract class EmbedProcessor extends WorkerHost {
  private readonly logger = new Logger(EmbedProcessor.name);
  protected abstract readonly model: string;
  protected abstract readonly lane: Lane;

  constructor(
    @Inject(MODEL_SCORERS) private readonly scorers: ModelScorers,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    super();
  }

  async process(job: EmbedJob): Promise<EmbedTextsResult> {
    if (job.name !== JobName.EmbedTexts) {
      throw new UnrecoverableError(`job "${job.name}" cannot run on the queue of "${this.model}", a bi-encoder: it only embeds texts`);
    }
    const payload = this.parse(job.data);
    const late = payload.deadline === undefined ? 0 : Date.now() - payload.deadline;
    // Nobody waits for these vectors any more: tokenizing them would only delay the live ones behind.
    if (late > 0) throw new UnrecoverableError(deadlinePassedReason(late));
    const started = performance.now();
    let embedded: EmbeddedTexts;
    try {
      embedded = await this.scorers.embedder(this.model).embed(payload.texts, {
        deadline: payload.deadline,
        lane: this.lane,
        normalize: payload.normalize,
        truncationDirection: payload.truncationDirection,
      });
    } catch (error) {
      if (error instanceof DeadlineExceededError) throw new UnrecoverableError(error.message);
      throw error;
    }
    this.logger.debug({
      msg: 'embedded',
      requestId: payload.requestId,
      jobId: job.id,
      model: this.model,
      lane: this.lane,
      texts: payload.texts.length,
      realTokens: embedded.realTokens,
      paddedTokens: embedded.paddedTokens,
      ms: Math.round(performance.now() - started),
    });
    return {
      vectors: embedded.vectors.map(encodeVector),
      dimensions: embedded.vectors[0].length,
      truncated: embedded.truncated,
      paddedTokens: embedded.paddedTokens,
      realTokens: embedded.realTokens,
      busyMs: embedded.busyMs,
      workerId: this.workerId,
    };
  }

  private parse(data: unknown): EmbedTextsPayload {
    try {
      const payload = parseEmbedTextsPayload(data, this.config.maxJobDocuments);
      if (payload.model !== this.model) {
        throw new InvalidEmbedPayloadError(`model "${payload.model}" does not belong on the queue of "${this.model}"`);
      }
      return payload;
    } catch (error) {
      if (error instanceof InvalidEmbedPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}

/** A processor class bound to `model`'s queue in `lane`: two per served bi-encoder. */
export function embedProcessorFor(model: string, lane: Lane, options: ScoreWorkerOptions): Type<EmbedProcessor> {
  @Processor(scoreQueueName(model, lane), options)
  class ModelEmbedProcessor extends EmbedProcessor {
    protected readonly model = model;
    protected readonly lane = lane;
  }
  Object.defineProperty(ModelEmbedProcessor, 'name', { value: `EmbedProcessor[${model}, ${lane}]` });
  return ModelEmbedProcessor;
}
