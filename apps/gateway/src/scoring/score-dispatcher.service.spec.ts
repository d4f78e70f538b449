import { ServiceUnavailableException } from '@nestjs/common';
import { ScorePairsPayload, ScorePairsResult } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FleetModelsService } from './fleet-models.service';
import { ScoreDispatcherService } from './score-dispatcher.service';
import { ScoreQueuesService } from './score-queues.service';
import { ScoreResultsListener } from './score-results.listener';

const WINDOWING = { aggregation: 'max' as const, meanTopK: 1, maxChunks: 4, stride: 0 };

/** A dispatcher whose queue "scores" every job at once: logit = index, a chunk span for long texts. */
function dispatcherWith(served = true) {
  const added: ScorePairsPayload[] = [];
  const pending = new Map<string, (result: ScorePairsResult) => void>();
  const queue = {
    name: 'score.m.interactive',
    addBulk: async (jobs: { data: ScorePairsPayload; opts: { jobId: string } }[]) => {
      for (const job of jobs) {
        added.push(job.data);
        pending.get(job.opts.jobId)?.({
          scores: job.data.documents.map(({ index, text }) =>
            text.length > 100 ? { index, logit: index, windows: 2, bestChunk: { start: 5, end: 9 } } : { index, logit: index },
          ),
          paddedTokens: 0,
          realTokens: 10,
          workerId: 'w',
        });
      }
    },
    remove: async () => undefined,
  };
  const results = {
    listen: async () => undefined,
    expect: (jobId: string) => new Promise<ScorePairsResult>((resolve) => pending.set(jobId, resolve)),
    forget: () => undefined,
  };
  const fleet = {
    assertServed: async (model: string) => {
      if (!served) throw new ServiceUnavailableException(`no worker serves model "${model}"`);
    },
  };
  const config = { jobDocuments: 4, requestTimeoutMs: 5_000 } as GatewayConfig;
  const metrics = new GatewayMetrics({ models: () => [], queueDepth: async () => ({}), liveWorkers: async () => 0 });
  const dispatcher = new ScoreDispatcherService(
    config,
    { queueFor: () => queue } as unknown as ScoreQueuesService,
    results as unknown as ScoreResultsListener,
    fleet as unknown as FleetModelsService,
    metrics,
  );
  return { dispatcher, added, metrics };
}

const request = (texts: string[], extra = {}) => ({ requestId: 'r', model: 'm', query: 'q', texts, ...extra });

describe('ScoreDispatcherService', () => {
  it('returns one logit per text from jobs of RERANK_JOB_DOCUMENTS documents when truncating', async () => {
    const { dispatcher, added, metrics } = dispatcherWith();
    const texts = Array.from({ length: 10 }, () => 'x'.repeat(10_000));
    const result = await dispatcher.dispatch(request(texts));
    expect(added.map((payload) => payload.documents.length)).toEqual([4, 4, 2]);
    expect(await metrics.registry.getSingleMetricAsString('rerank_pairs_scored_total')).toContain('rerank_pairs_scored_total{model="m"} 20'); // the stub reads each long text in 2 windows
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

  it('answers 503 without enqueueing when no worker serves the model', async () => {
    const { dispatcher, added } = dispatcherWith(false);
    await expect(dispatcher.dispatch(request(['a']))).rejects.toThrow('no worker serves model "m"');
    expect(added).toHaveLength(0);
  });
});
