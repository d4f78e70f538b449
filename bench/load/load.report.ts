import { percentile } from '../fleet/latency.stats';
import type { CapacityEstimate } from './capacity.estimate';
import type { MemoryFigures } from './process-memory.sampler';
import type { StatusCounts } from './status.tally';

export interface LatencyFigures {
  n: number;
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** One measured phase: a closed loop at some connections, or an open loop at some rate. */
export interface PhaseReport {
  mode: 'closed' | 'open';
  connections?: number;
  /** Open loop: the arrival rate asked for, requests/s. */
  rate_per_s?: number;
  duration_s: number;
  /** First request to last answer: the duration, then the drain. */
  wall_s: number;
  /** From the end of the duration to the last answer: the requests then in flight being answered. */
  drain_s?: number;
  sent: number;
  /** Open loop: arrivals not sent because --max-in-flight requests were out. */
  skipped?: number;
  max_lag_ms?: number;
  /** Per second of `wall_s`. `ok_pairs_per_s` counts only complete (not partial) 2xx answers. */
  throughput: { answered_per_s: number; ok_per_s: number; ok_pairs_per_s: number };
  status: StatusCounts;
  /** Latency of the 2xx answers, and of every answer whatever its status (429s are fast). */
  latency_ms: { ok: LatencyFigures | null; answered: LatencyFigures | null };
}

export interface CapacityReport extends CapacityEstimate {
  /** `measured` by the closed-loop phase, or given with --capacity. */
  source: 'measured' | 'flag';
  factor: number;
  /** The open loop's arrival rate: factor × requests_per_s. */
  drive_rate_per_s: number;
  phase?: PhaseReport;
}

/** The JSON `--json` writes. */
export interface LoadReport {
  target: { url: string; started_fleet: { arch: string; dtype: string; workers: number; prefix: string } | null };
  mix: { documents: number[]; mean_documents: number; seed: number; model?: string };
  capacity: CapacityReport | null;
  drive: PhaseReport;
  memory: MemoryFigures[];
  /**
   * What an overload run is expected to show: no 5xx, an answer to every request the client
   * sent, flat memory.
   */
  checks: { no_5xx: boolean; every_request_answered: boolean; max_rss_growth_pct: number | null; max_rss_late_growth_pct: number | null };
  machine: { cores: number; load_average_start: number; load_average_end: number };
  started_at: string;
  duration_s: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** p50/p90/p95/p99/max of latencies in ms (linear interpolation, as the bench's); null for none. */
export function latencyFigures(latenciesMs: readonly number[]): LatencyFigures | null {
  if (latenciesMs.length === 0) return null;
  const at = (p: number) => round(percentile(latenciesMs, p), 1);
  return {
    n: latenciesMs.length,
    p50_ms: at(50),
    p90_ms: at(90),
    p95_ms: at(95),
    p99_ms: at(99),
    max_ms: round(Math.max(...latenciesMs), 1),
  };
}

export interface PhaseInput {
  mode: 'closed' | 'open';
  connections?: number;
  rate?: number;
  durationS: number;
  wallMs: number;
  drainMs?: number;
  sent: number;
  skipped?: number;
  maxLagMs?: number;
  status: StatusCounts;
  okLatenciesMs: readonly number[];
  answeredLatenciesMs: readonly number[];
}

export function phaseReport(input: PhaseInput): PhaseReport {
  const seconds = input.wallMs / 1000;
  const perSecond = (count: number) => (seconds > 0 ? round(count / seconds, 3) : 0);
  return {
    mode: input.mode,
    ...(input.connections === undefined ? {} : { connections: input.connections }),
    ...(input.rate === undefined ? {} : { rate_per_s: round(input.rate, 3) }),
    duration_s: input.durationS,
    wall_s: round(seconds, 2),
    ...(input.drainMs === undefined ? {} : { drain_s: round(input.drainMs / 1000, 2) }),
    sent: input.sent,
    ...(input.skipped === undefined ? {} : { skipped: input.skipped }),
    ...(input.maxLagMs === undefined ? {} : { max_lag_ms: input.maxLagMs }),
    throughput: {
      answered_per_s: perSecond(input.status.answered),
      ok_per_s: perSecond(input.status.ok_2xx),
      ok_pairs_per_s: round(seconds > 0 ? input.status.ok_pairs / seconds : 0, 1),
    },
    status: input.status,
    latency_ms: { ok: latencyFigures(input.okLatenciesMs), answered: latencyFigures(input.answeredLatenciesMs) },
  };
}

export function overloadChecks(drive: PhaseReport, memory: readonly MemoryFigures[]): LoadReport['checks'] {
  const largest = (values: (number | null)[]) => {
    const known = values.filter((value): value is number => value !== null);
    return known.length === 0 ? null : Math.max(...known);
  };
  const { status } = drive;
  return {
    no_5xx: status.http_504 + status.other_5xx === 0,
    every_request_answered: status.timeouts + status.connection_errors === 0,
    max_rss_growth_pct: largest(memory.map((figures) => figures.growth_pct)),
    max_rss_late_growth_pct: largest(memory.map((figures) => figures.late_growth_pct)),
  };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

const show = (value: number | null | undefined, digits = 1) => (value == null ? '-' : value.toFixed(digits));
const yesNo = (value: boolean) => (value ? 'yes' : 'NO');
const percent = (value: number | null) => (value === null ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`);

function phaseLine(phase: PhaseReport): string {
  if (phase.mode === 'closed') {
    return (
      `closed loop, ${phase.connections} connections for ${phase.duration_s} s (${phase.sent} sent; ` +
      `wall ${show(phase.wall_s, 1)} s of which drain ${show(phase.drain_s, 1)} s)`
    );
  }
  return (
    `open loop, ${show(phase.rate_per_s, 3)} requests/s for ${phase.duration_s} s (${phase.sent} sent, ${phase.skipped ?? 0} skipped; ` +
    `wall ${show(phase.wall_s, 1)} s of which drain ${show(phase.drain_s, 1)} s; client lag at most ${show(phase.max_lag_ms, 0)} ms)`
  );
}

function phaseBody(phase: PhaseReport): string {
  const { status, throughput, latency_ms: latency } = phase;
  const latencyRow = (name: string, figures: LatencyFigures | null) =>
    figures
      ? [
          name,
          String(figures.n),
          show(figures.p50_ms, 0),
          show(figures.p90_ms, 0),
          show(figures.p95_ms, 0),
          show(figures.p99_ms, 0),
          show(figures.max_ms, 0),
        ]
      : [name, '0', '-', '-', '-', '-', '-'];
  return [
    `throughput: ${show(throughput.answered_per_s, 3)} answers/s, ${show(throughput.ok_per_s, 3)} 2xx/s, ` +
      `${show(throughput.ok_pairs_per_s, 1)} pairs/s (complete 2xx answers)`,
    `answers:    2xx ${status.ok_2xx} (partial ${status.partial}${status.unreadable_2xx ? `, not JSON ${status.unreadable_2xx}` : ''}), ` +
      `429 ${status.http_429}, 504 ${status.http_504}, other 5xx ${status.other_5xx}, other 4xx ${status.other_4xx}` +
      `${status.other_status ? `, other ${status.other_status}` : ''}, timeouts ${status.timeouts}, connection errors ${status.connection_errors}`,
    '',
    table([
      ['latency ms', 'n', 'p50', 'p90', 'p95', 'p99', 'max'],
      latencyRow('2xx', latency.ok),
      latencyRow('all answers', latency.answered),
    ]),
  ].join('\n');
}

/** The human-readable report printed at the end of a run. */
export function formatLoadReport(report: LoadReport): string {
  const fleet = report.target.started_fleet;
  const lines = [
    `target:   ${report.target.url}` +
      (fleet
        ? ` (started here: ${fleet.workers} worker(s), ${fleet.arch} ${fleet.dtype} fixture, prefix ${fleet.prefix})`
        : ' (running fleet)'),
    `mix:      ${report.mix.documents.join('/')} documents per request (mean ${show(report.mix.mean_documents, 1)}), seed ${report.mix.seed}` +
      (report.mix.model ? `, model "${report.mix.model}"` : ''),
  ];
  const { capacity } = report;
  if (capacity) {
    const from = capacity.phase
      ? `measured by a ${phaseLine(capacity.phase)}, ${capacity.completions} complete answers`
      : 'given with --capacity';
    lines.push(
      `capacity: ${show(capacity.requests_per_s, 3)} requests/s = ${show(capacity.pairs_per_s, 1)} pairs/s (${from}); ` +
        `driving at ${capacity.factor} x = ${show(capacity.drive_rate_per_s, 3)} requests/s`,
    );
  }
  lines.push(`drive:    ${phaseLine(report.drive)}`, '', phaseBody(report.drive), '');
  if (report.memory.length > 0) {
    const rows = report.memory.map((figures) => [
      `${figures.role}${figures.pid === undefined ? '' : ` ${figures.pid}`}${figures.via === 'metrics' ? ' (/metrics)' : ''}`,
      show(figures.start_mib),
      show(figures.mid_mib),
      show(figures.end_mib),
      show(figures.peak_mib),
      percent(figures.growth_pct),
      percent(figures.late_growth_pct),
    ]);
    lines.push(table([['RSS MiB', 'start', 'mid', 'end', 'peak', 'growth', 'mid→end'], ...rows]), '');
  } else {
    lines.push('RSS: not followed (no pids and no /metrics)', '');
  }
  const { checks } = report;
  lines.push(
    `checks:   no 5xx: ${yesNo(checks.no_5xx)}; every request answered: ${yesNo(checks.every_request_answered)}; ` +
      `largest RSS growth: ${percent(checks.max_rss_growth_pct)} (mid→end ${percent(checks.max_rss_late_growth_pct)})`,
  );
  const examples = Object.entries(report.drive.status.examples);
  if (examples.length > 0) lines.push('first answer of each error kind:', ...examples.map(([kind, text]) => `  ${kind}: ${text}`));
  lines.push(
    `machine:  ${report.machine.cores} cores, load average ${report.machine.load_average_start} at the start, ${report.machine.load_average_end} at the end; ` +
      `run took ${show(report.duration_s, 1)} s`,
  );
  return lines.join('\n');
}
