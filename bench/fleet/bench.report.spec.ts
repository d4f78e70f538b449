import { BenchReport, formatReport, ratio, summarizeWorkload } from './bench.report';
import type { BaselineResult } from './raw-ort.phase';

const baseline = (pairsPerS: number): BaselineResult => ({
  pairs_per_s: pairsPerS,
  pairs: 64,
  batch_size: 32,
  batches: 2,
  tokenize_ms: 20,
  inference_ms: 1000,
  tokenize_ms_per_pair: 0.313,
  inference_ms_per_batch_p50: 500,
  real_tokens: 4000,
  padded_tokens: 8000,
  padding_ratio: 2,
  cpu_s: 2.1,
  pairs_per_cpu_s: 30.5,
  other_cpu_s: 0.4,
  idle_cpu_s: 0.1,
  load_average: { start: 1, end: 1 },
});

describe('ratio', () => {
  it('returns a / b rounded to 0.01', () => {
    expect(ratio(45.6, 13)).toBe(3.51);
  });

  it('returns null when a side is missing or zero', () => {
    expect(ratio(null, 13)).toBeNull();
    expect(ratio(10, undefined)).toBeNull();
    expect(ratio(10, 0)).toBeNull();
  });
});

describe('summarizeWorkload', () => {
  it('returns word-count spreads of queries and passages', () => {
    const summary = summarizeWorkload([{ query: 'a b c d', documents: ['one two', 'one two three four'] }], 7);
    expect(summary).toEqual({
      seed: 7,
      requests: 1,
      documents_per_request: 2,
      query_words: { min: 4, mean: 4, max: 4 },
      passage_words: { min: 2, mean: 3, max: 4 },
    });
  });
});

describe('formatReport', () => {
  it('returns a table with each phase and each concurrency level, with dashes for what did not run', () => {
    const report = {
      model: { arch: 'minilm-l6', file: 'onnx/model.onnx', dtype: 'fp32', dir: '/m', bytes: 1 },
      pairs: 64,
      workload: summarizeWorkload([{ query: 'a b c d', documents: ['x y'] }], 1),
      raw_ort: baseline(30),
      transformers_js: null,
      fleet: {
        pairs_per_s: 45.6,
        pairs_per_cpu_s: 25,
        padding_ratio: 1.57,
        workers: 1,
        by_concurrency: {
          '1': {
            requests: 2,
            pairs: 20,
            pairs_per_s: 30.6,
            pairs_per_cpu_s: null,
            wall_ms: 650,
            p50_ms: 327,
            p95_ms: 367,
            p99_ms: 371,
            errors: 0,
          },
        },
      },
      ratios: {
        fleet_vs_raw_ort: 1.52,
        fleet_vs_transformers_js: null,
        fleet_vs_raw_ort_per_cpu_s: 0.82,
        fleet_vs_transformers_js_per_cpu_s: null,
      },
      machine: { cpu_model: 'AMD EPYC', cores: 2, node: 'v20', onnxruntime: '1.30.0', load_average_start: 1 },
      settings: {},
      started_at: '',
      duration_s: 1,
    } as unknown as BenchReport;
    const text = formatReport(report);
    expect(text).toMatch(/^raw_ort\s+30\.0\s+30\.5\s+0\.313\s+500\.0\s+2\.00$/m);
    expect(text).toMatch(/^transformers_js\s+-\s+-\s+-\s+-\s+-$/m);
    expect(text).toMatch(/^fleet \(c=16\)\s+45\.6\s+25\.0\s+-\s+-\s+1\.57$/m);
    expect(text).toMatch(/^1\s+2\s+30\.6\s+-\s+327\s+367\s+371\s+0$/m);
    expect(text).toContain('fleet vs raw_ort 1.52x, fleet vs transformers_js n/a');
    expect(text).toContain('per CPU second: 0.82x, n/a');
  });
});
