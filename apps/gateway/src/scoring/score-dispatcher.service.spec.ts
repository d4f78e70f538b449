import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { ScorePairsPayload, ScorePairsResult, deadlinePassedReason } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { BacklogJob } from '@rerank/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FleetModelsService } from './fleet-models.service';
import { QueueBackpressureService } from './queue-backpressure.service';
import { ScoreDispatcherService } from './score-dispatcher.service';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener, ScoringFailedError } from './score-results.listener';

const WINDOWING = { aggregation: 'max' as const, meanTopK: 1, maxChunks: 4, stride: 0 };

/** What the stub fleet does with the job of `chunk`: score it, never finish it, drop it for its deadline, or fail it. */
type JobFate = 'scored' | 'stuck' | 'dropped' | 'failed';

interface StubOptions {
  served?: boolean;
  fate?: (chunk: number) => JobFate;
  /** Refuse admission, as a full queue would. */
  full?: boolean;
  /** Live workers the served check reports. */
  workers?: number;
  /** RERANK_JOB_DOCUMENTS and RERANK_JOB_MAX_DOCUMENTS; default 4 and 4: jobs of 4 documents, whatever the workers. */
  jobs?: { jobDocuments: number; maxJobDocuments: number };
}

/** A dispatcher whose queue "scores" jobs at once: logit = index, a chunk span for long texts. */
function dispatcherWith({
  served = true,
  fate = () => 'scored',
  full = false,
  workers = 1,
  jobs = { jobDocuments: 4, maxJobDocuments: 4 },
}: StubOptions = {}) {
  const added: ScorePairsPayload[] = [];
  const removed: string[] = [];
  const backlog = { counted: [] as BacklogJob[], released: [] as string[] };
  const pending = new Map<string, { resolve: (result: ScorePairsResult) => void; reject: (error: Error) => void }>();
  const queue = {
    name: 'score.m.interactive',
    addBulk: async (jobs: { data: ScorePairsPayload; opts: { jobId: string } }[]) => {
      for (const job of jobs) {
        added.push(job.data);
        const waiter = pending.get(job.opts.jobId);
        const outcome = fate(Number(job.opts.jobId.split('.')[1]));
        if (outcome === 'stuck') continue;
        if (outcome === 'dropped' || outcome === 'failed') {
          const reason = outcome === 'dropped' ? deadlinePassedReason(3) : 'invalid score-pairs payload: query must be a string';
          waiter?.reject(new ScoringFailedError(job.opts.jobId, reason));
          continue;
        }
        waiter?.resolve({
          scores: job.data.documents.map(({ index, text }) =>
            text.length > 100 ? { index, logit: index, windows: 2, bestChunk: { start: 5, end: 9 } } : { index, logit: index },
          ),
          paddedTokens: 0,
          realTokens: 10,
          workerId: 'w',
        });
      }
    },
    add: async (name: string, data: ScorePairsPayload, opts: { jobId: string }) => queue.addBulk([{ data, opts }]),
    remove: async (jobId: string) => void removed.push(jobId),
  };
  const results = {
    listen: async () => undefined,
    expect: (jobId: string) => new Promise<ScorePairsResult>((resolve, reject) => pending.set(jobId, { resolve, reject })),
    forget: () => undefined,
  };
  const backpressure = {
    admit: async (model: string) => {
      if (full)
        throw new RetryLaterException(
          `model "${model}" has 99 pairs queued, over the bound of 10 (RERANK_MAX_QUEUED_PAIRS); retry after 5 s`,
          5,
        );
    },
    enqueuing: async (_queue: string, jobs: BacklogJob[]) => void backlog.counted.push(...jobs),
    finished: (_queue: string, jobIds: string[]) => void backlog.released.push(...jobIds),
  };
  const fleet = {
    assertServed: async (model: string) => {
      if (!served) throw new ServiceUnavailableException(`no worker serves model "${model}"`);
      return workers;
    },
  };
  const config = { ...jobs, requestTimeoutMs: 5_000 } as GatewayConfig;
  const metrics = new GatewayMetrics({ models: () => [], queueDepth: async () => ({}), liveWorkers: async () => 0 });
  const dispatcher = new ScoreDispatcherService(
    config,
    { queueFor: () => queue } as unknown as ScoreQueuesService,
    results as unknown as ScoreResultsListener,
    fleet as unknown as FleetModelsService,
    metrics,
    backpressure as unknown as QueueBackpressureService,
  );
  return { dispatcher, added, removed, backlog, metrics };
}

const request = (texts: string[], extra = {}) => ({ requestId: 'r', model: 'm', query: 'q', texts, ...extra });

describe('ScoreDispatcherService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns one logit per text from jobs of RERANK_JOB_DOCUMENTS documents when truncating', async () => {
    const { dispatcher, added, metrics } = dispatcherWith();
    const texts = Array.from({ length: 10 }, () => 'x'.repeat(10_000));
    const result = await dispatcher.dispatch(request(texts));
    expect(added.map((payload) => payload.documents.length)).toEqual([4, 4, 2]);
    expect(await metrics.registry.getSingleMetricAsString('rerank_pairs_scored_total')).toContain(
      'rerank_pairs_scored_total{model="m"} 20',
    ); // the stub reads each long text in 2 windows
    expect(added[0].windowing).toBeUndefined();
    expect(result.logits).toEqual(texts.map((_, i) => i));
  });

  it('returns the best chunks, and cuts long documents into smaller jobs by their estimated windows, when windowing', async () => {
    const { dispatcher, added } = dispatcherWith();
    // ~2000 characters a window: 4500 characters count 3 windows, so one per job of 4; short ones count 1.
    const texts = ['x'.repeat(4500), 'x'.repeat(4500), 'short', 'short', 'short', 'x'.repeat(50_000)];
    const result = await dispatcher.dispatch(request(texts, { windowing: WINDOWING, maxDocumentTokens: 4096 }));
    expect(added.map((payload) => payload.documents.map((doc) => doc.index))).toEqual([[0], [1, 2], [3, 4], [5]]);
    expect(added.every((payload) => payload.windowing === WINDOWING && payload.maxDocumentTokens === 4096)).toBe(true);
    expect(result.bestChunks).toEqual([{ start: 5, end: 9 }, { start: 5, end: 9 }, undefined, undefined, undefined, { start: 5, end: 9 }]);
  });

  it('cuts a request into one job per live worker, within RERANK_JOB_DOCUMENTS and RERANK_JOB_MAX_DOCUMENTS', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `document ${i}`);
    const sizes = async (workers: number) => {
      const { dispatcher, added } = dispatcherWith({ workers, jobs: { jobDocuments: 32, maxJobDocuments: 64 } });
      const result = await dispatcher.dispatch(request(texts));
      expect(result.logits).toEqual(texts.map((_, i) => i));
      expect(added.flatMap((payload) => payload.documents.map((doc) => doc.index))).toEqual(texts.map((_, i) => i));
      return added.map((payload) => payload.documents.length);
    };
    expect(await sizes(1)).toEqual([50, 50]); // one worker, but no job over 64
    expect(await sizes(3)).toEqual([34, 34, 32]);
    expect(await sizes(8)).toEqual([25, 25, 25, 25]); // no job under 32 would mean 4 jobs at most
  });

  it('answers 503 without enqueueing when no worker serves the model', async () => {
    const { dispatcher, added } = dispatcherWith({ served: false });
    await expect(dispatcher.dispatch(request(['a']))).rejects.toThrow('no worker serves model "m"');
    expect(added).toHaveLength(0);
  });

  it('returns the scores that came back by the deadline and NaN for the documents of unfinished jobs, and removes those jobs', async () => {
    const { dispatcher, removed, backlog, metrics } = dispatcherWith({ fate: (chunk) => (chunk === 1 ? 'stuck' : 'scored') });
    const texts = Array.from({ length: 10 }, () => 'short');
    const result = await dispatcher.dispatch(request(texts, { deadline: Date.now() + 50 }));
    expect(result.logits).toEqual([0, 1, 2, 3, NaN, NaN, NaN, NaN, 8, 9]);
    expect(removed).toEqual([expect.stringMatching(/\.1$/)]);
    expect(await metrics.registry.getSingleMetricAsString('rerank_deadline_overruns_total')).toContain(
      'rerank_deadline_overruns_total{model="m"} 1',
    );
    expect(await metrics.registry.getSingleMetricAsString('rerank_unscored_documents_total')).toContain(
      'rerank_unscored_documents_total{model="m"} 4',
    );
    expect(backlog.counted.map((job) => job.pairs)).toEqual([4, 4, 2]);
    expect([...backlog.released].sort()).toEqual(backlog.counted.map((job) => job.jobId).sort());
  });

  it('returns the documents of a job a worker dropped for its deadline as unscored, without waiting for the deadline', async () => {
    const { dispatcher } = dispatcherWith({ fate: (chunk) => (chunk === 0 ? 'dropped' : 'scored') });
    const result = await dispatcher.dispatch(request(['a', 'b', 'c', 'd', 'e'], { deadline: Date.now() + 60_000 }));
    // Five documents in two jobs: 0-2 and 3-4.
    expect(result.logits).toEqual([NaN, NaN, NaN, 3, 4]);
  });

  it('answers 502 when a job failed for another reason than its deadline', async () => {
    const { dispatcher } = dispatcherWith({ fate: () => 'failed' });
    await expect(dispatcher.dispatch(request(['a']))).rejects.toThrow(/failed: invalid score-pairs payload: query must be a string$/);
  });

  it('counts the other jobs of a failed request out of the backlog and removes them at once, not at their deadline', async () => {
    const { dispatcher, removed, backlog } = dispatcherWith({ fate: (chunk) => (chunk === 0 ? 'failed' : 'stuck') });
    // Five documents in two jobs: 0-3 fails, 4 never finishes.
    const answered = dispatcher.dispatch(request(['a', 'b', 'c', 'd', 'e'], { deadline: Date.now() + 60_000 }));
    await expect(answered).rejects.toThrow(/\.0 failed: invalid score-pairs payload/);
    expect(removed).toEqual([expect.stringMatching(/\.1$/)]);
    expect([...backlog.released].sort()).toEqual(backlog.counted.map((job) => job.jobId).sort());
  });

  it('enqueues nothing and returns every document unscored when the deadline has already passed', async () => {
    const { dispatcher, added } = dispatcherWith();
    const result = await dispatcher.dispatch(request(['a', 'b'], { deadline: Date.now() - 1 }));
    expect(result.logits).toEqual([NaN, NaN]);
    expect(added).toHaveLength(0);
  });

  it('answers 429 without enqueueing when the queue is over its bound', async () => {
    const { dispatcher, added, backlog } = dispatcherWith({ full: true });
    await expect(dispatcher.dispatch(request(['a']))).rejects.toThrow(RetryLaterException);
    expect(added).toHaveLength(0);
    expect(backlog.counted).toHaveLength(0);
  });
});
