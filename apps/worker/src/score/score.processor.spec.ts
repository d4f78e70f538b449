import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName, ScorePairsPayload, scoreQueueName } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { CrossEncoderScorer } from '@rerank/scoring';
import { ModelScorers } from './model-scorers';
import { ScoreProcessor, scoreProcessorFor } from './score.processor';

/**
 * A processor for model "m" whose scorer encodes a text as one id per character (plus the
 * direction it was asked to cut from), returns logit = position, and records the texts it was given.
 */
function processorWith() {
  const scored: string[][] = [];
  const directions: string[] = [];
  const scorer = {
    encode: async (_query: string, texts: string[], _max?: number, direction = 'right') => {
      scored.push(texts);
      directions.push(direction);
      return texts.map((text) => ({ inputIds: [...text].map(() => 1), tokenTypeIds: [...text].map(() => 0) }));
    },
    scoreEncoded: async (pairs: unknown[]) => ({ logits: pairs.map((_, i) => i), paddedTokens: 8, realTokens: 6 }),
  };
  const scorers = { get: () => scorer as unknown as CrossEncoderScorer } as unknown as ModelScorers;
  const config = { maxJobDocuments: 100 } as WorkerConfig;
  // Records what the processor asks of the lock thread instead of renewing real locks.
  const locks: string[] = [];
  const keeper = {
    hold: (queue: string, name: string, id: string, token: string) => locks.push(`hold ${queue} ${name} ${id} ${token}`),
    release: (token: string) => locks.push(`release ${token}`),
  };
  const Processor = scoreProcessorFor('m', { concurrency: 1 }) as unknown as new (...args: unknown[]) => ScoreProcessor;
  return { processor: new Processor(scorers, config, 'w1', keeper), scored, directions, locks };
}

const job = (deadline: number, extra: Partial<ScorePairsPayload> = {}) =>
  ({
    id: 'j.0',
    name: JobName.ScorePairs,
    data: {
      requestId: 'r',
      model: 'm',
      query: 'q',
      deadline,
      documents: [
        { index: 4, text: 'a' },
        { index: 5, text: 'bcd' },
      ],
      ...extra,
    },
  }) as unknown as Job<ScorePairsPayload>;

describe('ScoreProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns a score and the tokens read per document by request index when the deadline is ahead', async () => {
    const { processor, scored, directions } = processorWith();
    const result = await processor.process(job(Date.now() + 60_000) as never);
    expect(result.scores).toEqual([
      { index: 4, logit: 0, tokens: 1 },
      { index: 5, logit: 1, tokens: 3 },
    ]);
    expect(scored).toEqual([['a', 'bcd']]);
    expect(directions).toEqual(['right']);
  });

  it('cuts texts from the left when the payload asks, and refuses a direction it does not know', async () => {
    const { processor, directions } = processorWith();
    await processor.process(job(Date.now() + 60_000, { truncationDirection: 'left' }) as never);
    expect(directions).toEqual(['left']);
    const bad = processor.process(job(Date.now() + 60_000, { truncationDirection: 'up' as never }) as never);
    await expect(bad).rejects.toThrow('truncationDirection must be "left" or "right"');
  });

  it('holds the job lock while it scores and releases it after, also when the job fails', async () => {
    const { processor, locks } = processorWith();
    await processor.process(job(Date.now() + 60_000) as never, 'worker-a:7');
    await expect(processor.process(job(Date.now() - 1000) as never, 'worker-a:8')).rejects.toBeInstanceOf(UnrecoverableError);
    expect(locks).toEqual([
      `hold ${scoreQueueName('m')} ${JobName.ScorePairs} j.0 worker-a:7`,
      'release worker-a:7',
      `hold ${scoreQueueName('m')} ${JobName.ScorePairs} j.0 worker-a:8`,
      'release worker-a:8',
    ]);
  });

  it('fails unrecoverably, without scoring anything, a job whose deadline passed before it started', async () => {
    const { processor, scored } = processorWith();
    const failure = processor.process(job(Date.now() - 1000) as never);
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(/^deadline passed \d+ ms before scoring$/);
    expect(scored).toEqual([]);
  });
});
