import { Inject, Logger, Type } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import {
  BulkBatchPayload,
  BulkBatchResult,
  InvalidBulkBatchError,
  JobName,
  JobTypes,
  Lane,
  parseBulkBatchPayload,
  scoreQueueName,
} from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { BulkJobStore } from '@rerank/bulk-jobs';
import { ScoreWorkerOptions } from '../score/score.processor';
import { WORKER_CONFIG, WORKER_ID } from '../worker.tokens';
import { BulkBatchService } from './bulk-batch.service';

type BulkBatchJob = Job<JobTypes[JobName.ScoreBulkBatch]['payload'], BulkBatchResult, JobName>;

/**
 * Whether BullMQ gave up on the batch: its attempts are spent, or the error (a bad payload, or a
 * batch that stalled more than `maxStalledCount` times) is not retried.
 */
function failedForGood(job: BulkBatchJob, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Consumes one model's bulk queue. Which model is fixed per subclass (see `bulkProcessorFor`),
 * because BullMQ binds a processor class to one queue name.
 */
export abstract class BulkProcessor extends WorkerHost {
  private readonly logger = new Logger(BulkProcessor.name);
  /** The model whose bulk queue this processor consumes. */
  protected abstract readonly model: string;

  constructor(
    private readonly batches: BulkBatchService,
    private readonly store: BulkJobStore,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    super();
  }

  async process(job: BulkBatchJob): Promise<BulkBatchResult> {
    if (job.name !== JobName.ScoreBulkBatch) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const payload = this.parse(job.data);
    const started = performance.now();
    const outcome = await this.batches.run(payload);
    this.logger.log({
      msg: outcome.skipped ? 'bulk batch skipped' : 'bulk batch scored',
      jobId: payload.jobId,
      batch: payload.batch,
      model: this.model,
      pairs: outcome.pairs,
      written: outcome.written,
      ms: Math.round(performance.now() - started),
    });
    return { ...outcome, workerId: this.workerId };
  }

  /** A batch that will never be scored leaves its job short of pairs for ever: the job fails with the reason. */
  @OnWorkerEvent('failed')
  async failJobOf(job: BulkBatchJob | undefined, error: Error): Promise<void> {
    if (!job || !failedForGood(job, error)) return;
    const { jobId, batch } = job.data as Partial<BulkBatchPayload>;
    if (typeof jobId !== 'string') return;
    const reason = `batch ${batch ?? job.id} failed after ${job.attemptsMade} attempt(s): ${error.message}`;
    try {
      const before = await this.store.fail(jobId, reason);
      this.logger.warn({ msg: 'bulk job failed', jobId, batch, reason, stateBefore: before ?? null });
    } catch (storeError) {
      // Redis is away: the job stays active, and its status shows it no longer progressing.
      this.logger.error({ msg: 'could not mark the bulk job failed', jobId, reason, error: String(storeError) });
    }
  }

  private parse(data: unknown): BulkBatchPayload {
    try {
      const payload = parseBulkBatchPayload(data, this.config.bulk.maxPairs);
      if (payload.model !== this.model) {
        throw new InvalidBulkBatchError(`model "${payload.model}" does not belong on the bulk queue of "${this.model}"`);
      }
      return payload;
    } catch (error) {
      if (error instanceof InvalidBulkBatchError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}

/** A processor class bound to `model`'s bulk queue: one per served model. */
export function bulkProcessorFor(model: string, options: ScoreWorkerOptions): Type<BulkProcessor> {
  @Processor(scoreQueueName(model, Lane.Bulk), options)
  class ModelBulkProcessor extends BulkProcessor {
    protected readonly model = model;
  }
  // Shows in Nest's logs and errors instead of the same class name for every model.
  Object.defineProperty(ModelBulkProcessor, 'name', { value: `BulkProcessor[${model}]` });
  return ModelBulkProcessor;
}
