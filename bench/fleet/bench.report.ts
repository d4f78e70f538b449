import type { FleetResult } from './fleet.phase';
import type { MachineInfo } from './machine.info';
import type { BaselineResult } from './raw-ort.phase';
import type { SingleRequestResult } from './single-request.phase';
import { RerankCall, wordCount } from './workload.generator';

interface Spread {
  min: number;
  mean: number;
  max: number;
}

export interface WorkloadSummary {
  seed: number;
  requests: number;
  documents_per_request: number;
  query_words: Spread;
  passage_words: Spread;
}

/** The JSON `--out` writes. The keys of the shape are kept exactly; the rest is extra. */
export interface BenchReport {
  model: { arch: string; file: string; dtype: string; dir: string; bytes: number };
  /** Pairs in the workload, each scored once by raw_ort and by transformers_js. */
  pairs: number;
  workload: WorkloadSummary;
  raw_ort: BaselineResult | null;
  transformers_js: BaselineResult | null;
  fleet: FleetResult | null;
  /** One request at a time: the idle fleet against the in-process compute bound, interleaved. */
  single?: SingleRequestResult | null;
  /** Wall-clock ratios (the issue's), and the same per CPU second, steadier on a shared machine. */
  ratios: {
    fleet_vs_raw_ort: number | null;
    fleet_vs_transformers_js: number | null;
    fleet_vs_raw_ort_per_cpu_s: number | null;
    fleet_vs_transformers_js_per_cpu_s: number | null;
    /** Median over the `single` phase's requests of bound ms / fleet ms. */
    single_request_vs_bound?: number | null;
  };
  machine: MachineInfo;
  settings: Record<string, unknown>;
  started_at: string;
  duration_s: number;
  /** Phases that failed, with why; absent when all ran. */
  errors?: string[];
}

function spread(values: readonly number[]): Spread {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  return { min: Math.min(...values), mean: Math.round(mean * 10) / 10, max: Math.max(...values) };
}

export function summarizeWorkload(calls: readonly RerankCall[], seed: number): WorkloadSummary {
  return {
    seed,
    requests: calls.length,
    documents_per_request: calls[0]?.documents.length ?? 0,
    query_words: spread(calls.map((call) => wordCount(call.query))),
    passage_words: spread(calls.flatMap((call) => call.documents.map(wordCount))),
  };
}

/** a / b rounded to 0.01; null when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return rows.map(line).join('\n');
}

const show = (value: number | null | undefined, digits = 1) => (value == null ? '-' : value.toFixed(digits));
const times = (value: number | null) => (value == null ? 'n/a' : `${value.toFixed(2)}x`);

/** The human-readable report printed at the end of a run. */
export function formatReport(report: BenchReport): string {
  const { model, machine, workload } = report;
  const baseline = (name: string, result: BaselineResult | null) => [
    name,
    show(result?.pairs_per_s),
    show(result?.pairs_per_cpu_s),
    show(result?.tokenize_ms_per_pair, 3),
    show(result?.inference_ms_per_batch_p50),
    show(result?.padding_ratio, 2),
  ];
  const fleet = report.fleet;
  const phases = table([
    ['phase', 'pairs/s', 'pairs/cpu-s', 'tokenize ms/pair', 'p50 ms/batch of 32', 'padded/real'],
    baseline('raw_ort', report.raw_ort),
    baseline('transformers_js', report.transformers_js),
    ['fleet (c=16)', show(fleet?.pairs_per_s), show(fleet?.pairs_per_cpu_s), '-', '-', show(fleet?.padding_ratio, 2)],
  ]);
  const levels = fleet
    ? table([
        ['concurrency', 'requests', 'pairs/s', 'pairs/cpu-s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
        ...Object.entries(fleet.by_concurrency).map(([level, r]) => [
          level,
          String(r.requests),
          show(r.pairs_per_s),
          show(r.pairs_per_cpu_s),
          show(r.p50_ms, 0),
          show(r.p95_ms, 0),
          show(r.p99_ms, 0),
          String(r.errors),
        ]),
      ])
    : 'fleet: not run';
  return [
    `rerank-fleet bench: ${model.arch} ${model.dtype} (${model.file}), ${report.pairs} pairs ` +
      `(${workload.requests} x ${workload.documents_per_request}, query ${workload.query_words.mean} words, ` +
      `passage ${workload.passage_words.mean} words)`,
    `${machine.cpu_model}, ${machine.cores} cores, node ${machine.node}, onnxruntime ${machine.onnxruntime}, ` +
      `load ${machine.load_average_start} -> ${machine.load_average_end ?? '?'}`,
    '',
    phases,
    '',
    levels,
    '',
    `fleet vs raw_ort ${times(report.ratios.fleet_vs_raw_ort)}, ` +
      `fleet vs transformers_js ${times(report.ratios.fleet_vs_transformers_js)} ` +
      `(fleet = ${fleet?.workers ?? 0} worker(s) at concurrency 16); per CPU second: ` +
      `${times(report.ratios.fleet_vs_raw_ort_per_cpu_s)}, ${times(report.ratios.fleet_vs_transformers_js_per_cpu_s)}`,
    'pairs/cpu-s counts the CPU time of the timed process(es) (fleet: gateway, workers and load client,',
    'not Redis): steadier than pairs/s when other work shares the cores.',
    ...(report.single
      ? [
          '',
          `one ${report.single.documents_per_request}-document request at a time (${report.single.samples.length} requests): ` +
            `bound ${show(report.single.bound_pairs_per_s_p50)} pairs/s, idle fleet ${show(report.single.fleet_pairs_per_s_p50)} pairs/s (medians), ` +
            `fleet / bound ${show(report.single.ratio_p50, 3)} (median of per-request ratios: ` +
            `${report.single.samples.map((sample) => sample.ratio.toFixed(2)).join(' ')}); fastest / fastest ` +
            `${show(report.single.ratio_of_fastest, 3)}; padded tokens fleet / bound ${show(report.single.padded_tokens_vs_bound, 3)}`,
        ]
      : []),
  ].join('\n');
}
