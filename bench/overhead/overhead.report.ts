import type { ThreadCpu } from './thread-cpu';

/** One process's CPU over the measured calls. */
export interface ProcessCost {
  pid: number;
  cpu_s: number;
  cpu_s_per_1000_pairs: number;
  /** Pairs one core could feed at this cost: pairs / CPU second. */
  pairs_per_core_s: number | null;
  /** The busiest threads, by name and CPU seconds per 1,000 pairs. */
  threads: { name: string; tid: number; cpu_s: number; cpu_s_per_1000_pairs: number }[];
}

export interface WorkerCost extends ProcessCost {
  /** Wall seconds the worker's ONNX runs took (its rerank_worker_inference_seconds), per 1,000 pairs. */
  forward_pass_s_per_1000_pairs: number | null;
  /** CPU seconds of every thread but the one that runs the ONNX session, per 1,000 pairs. */
  outside_session_cpu_s_per_1000_pairs: number | null;
  /** The thread whose CPU is the forward pass (the one the session runs on, when intra-op threads = 1). */
  session_thread?: string;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export function processCost(pid: number, threads: readonly ThreadCpu[], pairs: number, topThreads = 8): ProcessCost {
  const cpu = threads.reduce((sum, thread) => sum + thread.cpu_s, 0);
  return {
    pid,
    cpu_s: round(cpu, 3),
    cpu_s_per_1000_pairs: round((cpu / pairs) * 1000),
    pairs_per_core_s: cpu > 0 ? Math.round(pairs / cpu) : null,
    threads: threads
      .filter((thread) => thread.cpu_s > 0)
      .slice(0, topThreads)
      .map((thread) => ({ name: thread.name, tid: thread.tid, cpu_s: round(thread.cpu_s, 3), cpu_s_per_1000_pairs: round((thread.cpu_s / pairs) * 1000) })),
  };
}

/**
 * The worker's cost split at the ONNX session: with one intra-op thread the whole forward pass
 * runs on the session's own thread, the busiest one besides main; everything else (tokenizing,
 * batching, queue traffic, GC, messages between threads) is what a GPU would leave on the CPU.
 */
export function workerCost(
  pid: number,
  threads: readonly ThreadCpu[],
  pairs: number,
  inferenceSeconds: number | null,
  intraOpThreads: number,
): WorkerCost {
  const base = processCost(pid, threads, pairs);
  const session = intraOpThreads === 1 ? threads.find((thread) => thread.name !== 'main') : undefined;
  return {
    ...base,
    forward_pass_s_per_1000_pairs: inferenceSeconds === null ? null : round((inferenceSeconds / pairs) * 1000),
    outside_session_cpu_s_per_1000_pairs: session ? round(((base.cpu_s - session.cpu_s) / pairs) * 1000) : null,
    ...(session ? { session_thread: `${session.name} (tid ${session.tid})` } : {}),
  };
}

export interface OverheadReport {
  command: string;
  machine: unknown;
  model: { arch: string; dtype: string };
  workload: { requests: number; documents_per_request: number; concurrency: number; avg_tokens_per_pair: number | null };
  pairs: number;
  wall_s: number;
  pairs_per_s: number;
  gateway: ProcessCost;
  redis: ProcessCost | null;
  worker: WorkerCost;
  /** The load client (this process): not part of the fleet, shown so contention is visible. */
  client_cpu_s: number;
}

export function formatOverhead(report: OverheadReport): string {
  const row = (name: string, cost: ProcessCost | null) =>
    cost === null
      ? `| ${name} | (not local) | |`
      : `| ${name} | ${cost.cpu_s_per_1000_pairs.toFixed(3)} | ${cost.pairs_per_core_s?.toLocaleString('en-US') ?? '-'} |`;
  const lines = [
    `${report.pairs} pairs (${report.workload.requests} x ${report.workload.documents_per_request} documents, ` +
      `concurrency ${report.workload.concurrency}, ~${report.workload.avg_tokens_per_pair ?? '?'} tokens/pair) ` +
      `in ${report.wall_s} s: ${report.pairs_per_s} pairs/s, ${report.model.arch} ${report.model.dtype}`,
    '',
    '| process | CPU-seconds per 1,000 pairs | pairs/s one core can feed |',
    '|---|---:|---:|',
    row('gateway', report.gateway),
    row('Redis', report.redis),
    row('worker (all threads)', report.worker),
  ];
  if (report.worker.outside_session_cpu_s_per_1000_pairs !== null) {
    const outside = report.worker.outside_session_cpu_s_per_1000_pairs;
    lines.push(`| worker outside the ONNX session thread | ${outside.toFixed(3)} | ${outside > 0 ? Math.round(1000 / outside).toLocaleString('en-US') : '-'} |`);
  }
  lines.push('', 'threads (CPU-seconds per 1,000 pairs):');
  for (const [name, cost] of [['gateway', report.gateway], ['redis', report.redis], ['worker', report.worker]] as const) {
    if (!cost) continue;
    lines.push(`  ${name}: ${cost.threads.map((t) => `${t.name}#${t.tid} ${t.cpu_s_per_1000_pairs.toFixed(3)}`).join(', ')}`);
  }
  if (report.worker.forward_pass_s_per_1000_pairs !== null) {
    lines.push(`worker ONNX runs (wall): ${report.worker.forward_pass_s_per_1000_pairs.toFixed(3)} s per 1,000 pairs`);
  }
  return lines.join('\n');
}
