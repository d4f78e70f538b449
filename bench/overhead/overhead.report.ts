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
  tokenizer_threads: number;
  /** CPU seconds of the tokenizer threads together, per 1,000 pairs (0 when the event loop tokenizes). */
  tokenizer_cpu_s_per_1000_pairs: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** What a worker's ready line says its threads do, by OS thread id. */
export interface ThreadRoles {
  onnx: number[];
  tokenizers: number[];
}

/** The roles of a worker's threads from its ready line (JSON logged by apps/worker/src/main.ts). */
export function threadRolesFrom(readyLine: string | undefined): ThreadRoles {
  const roles: ThreadRoles = { onnx: [], tokenizers: [] };
  if (!readyLine) return roles;
  try {
    const models =
      (JSON.parse(readyLine) as { message?: { models?: { threads?: { onnx?: number; tokenizers?: number[] } }[] } }).message?.models ?? [];
    for (const { threads } of models) {
      if (threads?.onnx !== undefined) roles.onnx.push(threads.onnx);
      roles.tokenizers.push(...(threads?.tokenizers ?? []));
    }
  } catch {
    // a worker from before thread ids were logged: its threads keep their kernel names
  }
  return roles;
}

/** Names threads by role where known: main, onnx-session, tokenizer; the rest keep the kernel's name. */
export function labelThreads(threads: readonly ThreadCpu[], roles: ThreadRoles): ThreadCpu[] {
  return threads.map((thread) => {
    if (roles.onnx.includes(thread.tid)) return { ...thread, name: 'onnx-session' };
    if (roles.tokenizers.includes(thread.tid)) return { ...thread, name: 'tokenizer' };
    return thread;
  });
}

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
      .map((thread) => ({
        name: thread.name,
        tid: thread.tid,
        cpu_s: round(thread.cpu_s, 3),
        cpu_s_per_1000_pairs: round((thread.cpu_s / pairs) * 1000),
      })),
  };
}

/**
 * The worker's cost split at the ONNX session: with one intra-op thread the whole forward pass
 * runs on the session's own thread; everything else (tokenizing, batching, queue traffic, GC,
 * messages between threads) is what a GPU would leave on the CPU.
 */
export function workerCost(pid: number, threads: readonly ThreadCpu[], pairs: number, inferenceSeconds: number | null): WorkerCost {
  const base = processCost(pid, threads, pairs);
  const session = threads.filter((thread) => thread.name === 'onnx-session');
  const tokenizers = threads.filter((thread) => thread.name === 'tokenizer');
  const sessionCpu = session.reduce((sum, thread) => sum + thread.cpu_s, 0);
  const tokenizerCpu = tokenizers.reduce((sum, thread) => sum + thread.cpu_s, 0);
  return {
    ...base,
    forward_pass_s_per_1000_pairs: inferenceSeconds === null ? null : round((inferenceSeconds / pairs) * 1000),
    outside_session_cpu_s_per_1000_pairs: session.length > 0 ? round(((base.cpu_s - sessionCpu) / pairs) * 1000) : null,
    tokenizer_threads: tokenizers.length,
    tokenizer_cpu_s_per_1000_pairs: round((tokenizerCpu / pairs) * 1000),
  };
}

export interface OverheadReport {
  command: string;
  machine: unknown;
  model: { arch: string; dtype: string };
  workload: { requests: number; documents_per_request: number; concurrency: number; avg_tokens_per_pair: number | null };
  /** Calls sent before the measured ones, and the gateway's CPU over them: its JIT compilation and first allocations. */
  warmup: { requests: number; gateway_cpu_s_per_1000_pairs: number };
  worker_settings: { intra_op_threads: number; tokenizer_threads: string };
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
    lines.push(
      `| worker outside the ONNX session thread | ${outside.toFixed(3)} | ${outside > 0 ? Math.round(1000 / outside).toLocaleString('en-US') : '-'} |`,
    );
  }
  if (report.worker.tokenizer_threads > 0) {
    lines.push(
      `| worker's ${report.worker.tokenizer_threads} tokenizer thread(s) | ${report.worker.tokenizer_cpu_s_per_1000_pairs.toFixed(3)} | |`,
    );
  }
  lines.push('', 'threads (CPU-seconds per 1,000 pairs):');
  for (const [name, cost] of [
    ['gateway', report.gateway],
    ['redis', report.redis],
    ['worker', report.worker],
  ] as const) {
    if (!cost) continue;
    lines.push(`  ${name}: ${cost.threads.map((t) => `${t.name}#${t.tid} ${t.cpu_s_per_1000_pairs.toFixed(3)}`).join(', ')}`);
  }
  if (report.worker.forward_pass_s_per_1000_pairs !== null) {
    lines.push(`worker ONNX runs (wall): ${report.worker.forward_pass_s_per_1000_pairs.toFixed(3)} s per 1,000 pairs`);
  }
  lines.push(
    `warm-up, not measured: ${report.warmup.requests} calls first; the gateway used ` +
      `${report.warmup.gateway_cpu_s_per_1000_pairs.toFixed(3)} CPU-seconds per 1,000 pairs over them`,
  );
  return lines.join('\n');
}
