import { Inject, Logger } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import {
  InvalidPayloadError,
  JobName,
  JobTypes,
  ScorePairsPayload,
  ScorePairsResult,
  parseScorePairsPayload,
} from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { CrossEncoderScorer, DeadlineExceededError, ScoredPairs } from '@rerank/scoring';
import { CROSS_ENCODER, WORKER_CONFIG, WORKER_ID } from '../worker.tokens';

type ScoreJob = Job<JobTypes[JobName.ScorePairs]['payload'], ScorePairsResult, JobName>;

/**
 * Consumes the model's score queue. The queue name is bound at start-up by
 * `ScoreModule.forModel`, since it depends on which model this worker serves.
 */
export class ScoreProcessor extends WorkerHost {
  private readonly logger = new Logger(ScoreProcessor.name);

  constructor(
    @Inject(CROSS_ENCODER) private readonly scorer: CrossEncoderScorer,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    super();
  }

  async process(job: ScoreJob): Promise<ScorePairsResult> {
    if (job.name !== JobName.ScorePairs) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const payload = this.parse(job.data);
    const started = performance.now();
    let scored: ScoredPairs;
    try {
      scored = await this.scorer.score(
        payload.query,
        payload.documents.map((doc) => doc.text),
        payload.deadline,
      );
    } catch (error) {
      // Nobody waits for this result any more; a retry would only delay live requests.
      if (error instanceof DeadlineExceededError) throw new UnrecoverableError(error.message);
      throw error;
    }
    this.logger.debug({
      msg: 'scored',
      requestId: payload.requestId,
      jobId: job.id,
      pairs: payload.documents.length,
      realTokens: scored.realTokens,
      paddedTokens: scored.paddedTokens,
      ms: Math.round(performance.now() - started),
    });
    return {
      scores: payload.documents.map((doc, position) => ({ index: doc.index, logit: scored.logits[position] })),
      paddedTokens: scored.paddedTokens,
      realTokens: scored.realTokens,
      workerId: this.workerId,
    };
  }

  private parse(data: unknown): ScorePairsPayload {
    try {
      const payload = parseScorePairsPayload(data, this.config.maxJobDocuments);
      if (payload.model !== this.config.model.name) {
        throw new InvalidPayloadError(`model "${payload.model}" is not served here (this worker serves "${this.config.model.name}")`);
      }
      return payload;
    } catch (error) {
      if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
