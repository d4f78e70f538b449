import { Lane } from '@rerank/contracts';
import { WorkerMetrics } from './worker-metrics';

/** The value of one sample line, e.g. `rerank_worker_batch_rows_count{model="m",lane="bulk"}`; NaN when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('WorkerMetrics', () => {
  it('returns rows, padding ratio, inference time, pairs and tokens per model and lane in the exposition', async () => {
    const metrics = new WorkerMetrics();
    metrics.recordRun('tiny', { lane: Lane.Interactive, rows: 3, realTokens: 5, paddedTokens: 9, seconds: 0.02 });
    metrics.recordRun('tiny', { lane: Lane.Interactive, rows: 2, realTokens: 12, paddedTokens: 12, seconds: 0.03 });
    metrics.recordRun('tiny', { lane: Lane.Bulk, rows: 40, realTokens: 1000, paddedTokens: 1200, seconds: 0.5 });
    const text = await metrics.render();
    const interactive = 'model="tiny",lane="interactive"';

    expect(sample(text, `rerank_worker_batch_rows_count{${interactive}}`)).toBe(2);
    expect(sample(text, `rerank_worker_batch_rows_sum{${interactive}}`)).toBe(5);
    expect(sample(text, `rerank_worker_batch_rows_bucket{le="2",${interactive}}`)).toBe(1);
    expect(sample(text, `rerank_worker_batch_rows_bucket{le="4",${interactive}}`)).toBe(2);
    // 9/5 and 12/12
    expect(sample(text, `rerank_worker_batch_padding_ratio_sum{${interactive}}`)).toBeCloseTo(2.8);
    expect(sample(text, `rerank_worker_batch_padding_ratio_bucket{le="1",${interactive}}`)).toBe(1);
    expect(sample(text, `rerank_worker_batch_padding_ratio_bucket{le="2",${interactive}}`)).toBe(2);
    expect(sample(text, `rerank_worker_inference_seconds_sum{${interactive}}`)).toBeCloseTo(0.05);
    expect(sample(text, `rerank_worker_inference_seconds_count{${interactive}}`)).toBe(2);
    expect(sample(text, `rerank_worker_pairs_scored_total{${interactive}}`)).toBe(5);
    expect(sample(text, `rerank_worker_tokens_total{${interactive},kind="real"}`)).toBe(17);
    expect(sample(text, `rerank_worker_tokens_total{${interactive},kind="padded"}`)).toBe(21);

    expect(sample(text, 'rerank_worker_pairs_scored_total{model="tiny",lane="bulk"}')).toBe(40);
    expect(sample(text, 'rerank_worker_batch_padding_ratio_sum{model="tiny",lane="bulk"}')).toBeCloseTo(1.2);
    expect(sample(text, 'rerank_worker_inference_seconds_bucket{le="0.5",model="tiny",lane="bulk"}')).toBe(1);
  });

  it('returns the process metrics under the rerank_worker_ prefix', async () => {
    const text = await new WorkerMetrics().render();
    expect(sample(text, 'rerank_worker_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE rerank_worker_nodejs_eventloop_lag_seconds gauge');
  });
});
