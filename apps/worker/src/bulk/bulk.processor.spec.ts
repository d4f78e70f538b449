import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { BulkBatchPayload, JobName, Lane } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { BulkJobState, BulkJobStore, QueryScores, StoreOutcome } from '@rerank/bulk-jobs';
import { CrossEncoderScorer } from '@rerank/scoring';
import { ModelScorers } from '../score/model-scorers';
import { BulkBatchService } from './bulk-batch.service';
import { BulkProcessor, bulkProcessorFor } from './bulk.processor';

/**
 * A processor for model "m" over a store that only records calls. The scorer returns
 * logit = 10 × position + query length, and records each call's texts and lane.
 */
function processorWith(state: BulkJobState | undefined, stored: Partial<StoreOutcome> = {}) {
  const scored: { texts: string[]; lane: Lane; windows?: unknown }[] = [];
  // Each encoded pair remembers its text and query, so the scoring call can record and score it.
  type FakePair = { text: string; query: string; inputIds: number[] };
  const scorer = {
    encode: async (query: string, texts: string[]): Promise<FakePair[]> => texts.map((text) => ({ text, query, inputIds: [1] })),
    scoreEncoded: async (pairs: FakePair[], { lane = Lane.Interactive }: { lane?: Lane } = {}) => {
      scored.push({ texts: pairs.map((pair) => pair.text), lane });
      return { logits: pairs.map((pair, i) => 10 * i + pair.query.length), paddedTokens: 0, realTokens: 0 };
    },
    // Windowed reading: logit = 100 × position + query length, so the two paths tell apart.
    scoreDocuments: async (
      query: string,
      texts: string[],
      { deadline: _deadline, lane = Lane.Interactive, ...windows }: { deadline?: number; lane?: Lane },
    ) => {
      scored.push({ texts, lane, windows });
      return { documents: texts.map((_, i) => ({ logit: 100 * i + query.length, windows: 2 })), paddedTokens: 0, realTokens: 0 };
    },
  };
  const scorers = { get: () => scorer as unknown as CrossEncoderScorer } as unknown as ModelScorers;
  const writes: QueryScores[][] = [];
  const failures: [string, string][] = [];
  const store = {
    state: async () => state,
    storeScores: async (_jobId: string, slices: QueryScores[]) => {
      writes.push(slices);
      const pairs = slices.reduce((sum, slice) => sum + slice.scores.length, 0);
      return { written: pairs, pairsDone: pairs, state: 'running', ...stored };
    },
    fail: async (jobId: string, reason: string) => {
      failures.push([jobId, reason]);
      return 'running';
    },
  } as unknown as BulkJobStore;
  const config = { bulk: { maxPairs: 100 } } as WorkerConfig;
  const Processor = bulkProcessorFor('m', { concurrency: 1 }) as unknown as new (...args: unknown[]) => BulkProcessor;
  const processor = new Processor(new BulkBatchService(scorers, store), store, config, 'w1');
  return { processor, scored, writes, failures };
}

const payload: BulkBatchPayload = {
  jobId: 'job1',
  batch: 3,
  model: 'm',
  queries: [
    {
      queryIndex: 7,
      query: 'ab',
      candidates: [
        { id: 'x', text: 'tx' },
        { id: 'y', text: 'ty' },
      ],
    },
    { queryIndex: 8, query: 'abc', candidates: [{ id: 'x', text: 'tz' }] },
  ],
};

const job = (data: unknown, attemptsMade = 0, attempts = 5) =>
  ({ id: 'bulk.job1.3', name: JobName.ScoreBulkBatch, data, attemptsMade, opts: { attempts } }) as unknown as Job<BulkBatchPayload>;

describe('BulkProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('reads long documents in windows, in the bulk lane, when the batch carries windowing', async () => {
    const { processor, scored, writes } = processorWith('running');
    const windowing = { aggregation: 'max' as const, maxChunks: 4, meanTopK: 3, stride: 64 };
    await processor.process(job({ ...payload, windowing }) as never);
    expect(scored[0]).toEqual({
      texts: ['tx', 'ty'],
      lane: Lane.Bulk,
      windows: { aggregation: 'max', meanTopK: 3, stride: 64, maxWindows: 4 },
    });
    expect(writes[0][0]).toEqual({
      queryIndex: 7,
      scores: [
        ['x', 2],
        ['y', 102],
      ],
    });
  });

  it('scores every query slice in the bulk lane and stores each candidate id with its logit', async () => {
    const { processor, scored, writes } = processorWith('running');
    const result = await processor.process(job(payload) as never);

    expect(result).toEqual({ pairs: 3, written: 3, skipped: false, workerId: 'w1' });
    expect(scored).toEqual([
      { texts: ['tx', 'ty'], lane: Lane.Bulk },
      { texts: ['tz'], lane: Lane.Bulk },
    ]);
    expect(writes).toEqual([
      [
        {
          queryIndex: 7,
          scores: [
            ['x', 2],
            ['y', 12],
          ],
        },
        { queryIndex: 8, scores: [['x', 3]] },
      ],
    ]);
  });

  it('returns written 0 for a batch whose pairs an earlier run already stored', async () => {
    const { processor } = processorWith('running', { written: 0, pairsDone: 40 });
    await expect(processor.process(job(payload) as never)).resolves.toMatchObject({ pairs: 3, written: 0, skipped: false });
  });

  it.each([
    ['cancelled', 'cancelled'],
    ['failed', 'failed'],
    ['completed', 'completed'],
    ['gone (expired)', undefined],
  ] as const)('skips without scoring a pair when the job is %s', async (_label, state) => {
    const { processor, scored, writes } = processorWith(state);
    await expect(processor.process(job(payload) as never)).resolves.toEqual({ pairs: 3, written: 0, skipped: true, workerId: 'w1' });
    expect(scored).toEqual([]);
    expect(writes).toEqual([]);
  });

  it('returns skipped when the job was cancelled while the batch was scored', async () => {
    const { processor } = processorWith('running', { written: 0, pairsDone: -1, state: 'cancelled' });
    await expect(processor.process(job(payload) as never)).resolves.toMatchObject({ written: 0, skipped: true });
  });

  it('fails unrecoverably, scoring nothing, a payload of another model or over the pair limit', async () => {
    const { processor, scored } = processorWith('running');
    await expect(processor.process(job({ ...payload, model: 'other' }) as never)).rejects.toThrow(
      new UnrecoverableError('invalid score-bulk-batch payload: model "other" does not belong on the bulk queue of "m"'),
    );
    const many = {
      ...payload,
      queries: [{ ...payload.queries[0], candidates: Array.from({ length: 101 }, (_, i) => ({ id: `${i}`, text: 't' })) }],
    };
    await expect(processor.process(job(many) as never)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(scored).toEqual([]);
  });

  it('fails the bulk job with the reason when a batch fails for good, and not while it will be retried', async () => {
    const { processor, failures } = processorWith('running');
    await processor.failJobOf(job(payload, 2) as never, new Error('session lost'));
    expect(failures).toEqual([]);

    await processor.failJobOf(job(payload, 5) as never, new Error('session lost'));
    await processor.failJobOf(job(payload, 1) as never, new UnrecoverableError('job stalled more than allowable limit'));
    expect(failures).toEqual([
      ['job1', 'batch 3 failed after 5 attempt(s): session lost'],
      ['job1', 'batch 3 failed after 1 attempt(s): job stalled more than allowable limit'],
    ]);
  });
});
