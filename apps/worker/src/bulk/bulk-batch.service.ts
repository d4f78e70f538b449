import { Inject, Injectable } from '@nestjs/common';
import { BulkBatchPayload, BulkBatchResult, Lane } from '@rerank/contracts';
import { BulkJobStore, QueryScores, isActive } from '@rerank/bulk-jobs';
import { ModelScorers } from '../score/model-scorers';
import { scoreTexts } from '../score/score-texts';
import { MODEL_SCORERS } from '../worker.tokens';

/** What running a batch did, before the processor adds who ran it. */
export type BulkBatchOutcome = Omit<BulkBatchResult, 'workerId'>;

/** Pairs in a batch: every candidate of every query slice. */
function pairsIn(payload: BulkBatchPayload): number {
  return payload.queries.reduce((sum, slice) => sum + slice.candidates.length, 0);
}

/**
 * Scores one batch of a bulk job with the model's own scorer, in the batcher's bulk lane (after
 * every interactive pair), and stores its scores once per (job, query, document).
 */
@Injectable()
export class BulkBatchService {
  constructor(
    @Inject(MODEL_SCORERS) private readonly scorers: ModelScorers,
    private readonly store: BulkJobStore,
  ) {}

  async run(payload: BulkBatchPayload): Promise<BulkBatchOutcome> {
    const pairs = pairsIn(payload);
    // A cancelled, failed or expired job gets no further pair scored.
    if (!isActive(await this.store.state(payload.jobId))) return { pairs, written: 0, skipped: true };
    const scorer = this.scorers.get(payload.model);
    // All slices go to the batcher at once, so they share runs like one submission would.
    const scored = await Promise.all(
      payload.queries.map(async (slice): Promise<number[]> => {
        const texts = slice.candidates.map((candidate) => candidate.text);
        const read = await scoreTexts(scorer, slice.query, texts, { windowing: payload.windowing, lane: Lane.Bulk });
        return read.documents.map((document) => document.logit);
      }),
    );
    const slices = payload.queries.map((slice, position): QueryScores => ({
      queryIndex: slice.queryIndex,
      scores: slice.candidates.map((candidate, i) => [candidate.id, scored[position][i]]),
    }));
    const stored = await this.store.storeScores(payload.jobId, slices);
    // The job may have been cancelled or failed while this batch was scored: then nothing was stored.
    return { pairs, written: stored.written, skipped: stored.pairsDone < 0 };
  }
}
