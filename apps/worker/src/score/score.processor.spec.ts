import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName, ScorePairsPayload } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { CrossEncoderScorer } from '@rerank/scoring';
import { ModelScorers } from './model-scorers';
import { ScoreProcessor, scoreProcessorFor } from './score.processor';

/** A processor for model "m" whose scorer returns logit = position and records the texts it was given. */
function processorWith() {
  const scored: string[][] = [];
  const scorer = {
    score: async (_query: string, texts: string[]) => {
      scored.push(texts);
      return { logits: texts.map((_, i) => i), paddedTokens: 8, realTokens: 6 };
    },
  };
  const scorers = { get: () => scorer as unknown as CrossEncoderScorer } as unknown as ModelScorers;
  const config = { maxJobDocuments: 100 } as WorkerConfig;
  const Processor = scoreProcessorFor('m', { concurrency: 1 }) as unknown as new (...args: unknown[]) => ScoreProcessor;
  return { processor: new Processor(scorers, config, 'w1'), scored };
}

const job = (deadline: number) =>
  ({
    id: 'j.0',
    name: JobName.ScorePairs,
    data: { requestId: 'r', model: 'm', query: 'q', deadline, documents: [{ index: 4, text: 'a' }, { index: 5, text: 'b' }] },
  }) as unknown as Job<ScorePairsPayload>;

describe('ScoreProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns a score per document by request index when the deadline is ahead', async () => {
    const { processor, scored } = processorWith();
    const result = await processor.process(job(Date.now() + 60_000) as never);
    expect(result.scores).toEqual([{ index: 4, logit: 0 }, { index: 5, logit: 1 }]);
    expect(scored).toEqual([['a', 'b']]);
  });

  it('fails unrecoverably, without scoring anything, a job whose deadline passed before it started', async () => {
    const { processor, scored } = processorWith();
    const failure = processor.process(job(Date.now() - 1000) as never);
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(/^deadline passed \d+ ms before scoring$/);
    expect(scored).toEqual([]);
  });
});
