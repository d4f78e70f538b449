import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadRedisTarget } from '@rerank/config';
import { describeRedisTarget } from '@rerank/queue';
import { runCli, userPath } from '../../tools/cli/cli-args';
import { BenchFleet } from '../fleet/bench-fleet.launcher';
import { ensureBenchModel } from '../fleet/fixture.cache';
import { summarizeLatencies, LatencySummary } from '../fleet/latency.stats';
import { runClosedLoop } from '../fleet/load.driver';
import { currentLoadAverage, machineInfo } from '../fleet/machine.info';
import { generateWorkload, loadVocabularyWords, RerankCall } from '../fleet/workload.generator';
import { BULK_BENCH_USAGE, bulkBenchPlan, parseBulkBenchArgs } from './bulk-bench.args';
import { JobsClient } from '../../tools/rescore/jobs-client';
import { cancelBulkJob, submitBulkJob, waitForBulkJob } from './bulk-job.workload';

const progress = (message: string) => process.stderr.write(`[bench:bulk] ${message}\n`);
let activeFleet: BenchFleet | undefined;

async function rerank(url: string, call: RerankCall): Promise<void> {
  const response = await fetch(`${url}/v1/rerank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: call.query, documents: call.documents }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
}

/** Interactive latency at `concurrency` over `calls`; throws if any request failed. */
async function interactive(
  url: string,
  calls: readonly RerankCall[],
  concurrency: number,
): Promise<{ latency: LatencySummary; pairsPerSecond: number }> {
  const result = await runClosedLoop({ concurrency, requests: calls.length, send: (i) => rerank(url, calls[i]) });
  if (result.errors.length > 0) throw new Error(`${result.errors.length} interactive requests failed, first: ${result.errors[0]}`);
  const pairs = calls.reduce((sum, call) => sum + call.documents.length, 0);
  return { latency: summarizeLatencies(result.latenciesMs), pairsPerSecond: pairs / (result.wallMs / 1000) };
}

/**
 * Bulk pairs/s measured like a user sees it: from the upload to the poll that finds the job
 * completed (polled every 200 ms).
 */
async function bulkAlone(jobs: JobsClient, calls: readonly RerankCall[]): Promise<{ pairs: number; pairsPerSecond: number }> {
  const submitted = performance.now();
  const id = await submitBulkJob(jobs, calls);
  const status = await waitForBulkJob(jobs, id, (s) => s.state === 'completed');
  return { pairs: status.pairs.total, pairsPerSecond: status.pairs.total / ((performance.now() - submitted) / 1000) };
}

async function main(): Promise<number> {
  const args = parseBulkBenchArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${BULK_BENCH_USAGE}\n`);
    return 0;
  }
  const plan = bulkBenchPlan(args.quick);
  const redisTarget = loadRedisTarget();
  const model = await ensureBenchModel('minilm-l6', args.int8);
  const words = loadVocabularyWords();
  const calls = (requests: number, documentsPerRequest: number, seed: number) =>
    generateWorkload(words, { requests, documentsPerRequest, seed });
  const idleCalls = calls(plan.interactiveRequests, plan.interactiveDocuments, args.seed);
  const busyCalls = calls(plan.interactiveRequests, plan.interactiveDocuments, args.seed + 1);
  const capacityCalls = calls(plan.capacityRequests, plan.interactiveDocuments, args.seed + 2);
  const bulkCalls = calls(plan.bulkQueries, plan.bulkCandidates, args.seed + 3);
  // Big enough to outlast the interactive phase that runs beside it; cancelled afterwards.
  const backgroundCalls = calls(plan.bulkQueries * 4, plan.bulkCandidates, args.seed + 4);

  progress(`fleet: starting 1 gateway and ${args.workers} worker(s) on ${model.dir}/${model.file}`);
  const fleet = await BenchFleet.start(
    { model, workers: args.workers, redis: redisTarget, workerEnv: {} },
    (started) => (activeFleet = started),
  );
  const jobs = new JobsClient(fleet.url);
  try {
    await interactive(fleet.url, calls(4, plan.interactiveDocuments, args.seed + 5), 1); // warm-up
    progress(`interactive, idle fleet: ${idleCalls.length} requests at concurrency 1`);
    const idle = await interactive(fleet.url, idleCalls, 1);
    progress(`interactive capacity: ${capacityCalls.length} requests at concurrency 16`);
    const capacity = await interactive(fleet.url, capacityCalls, 16);
    progress(`bulk alone: ${bulkCalls.length} queries × ${plan.bulkCandidates} candidates`);
    const bulk = await bulkAlone(jobs, bulkCalls);
    progress(`interactive while a bulk job of ${backgroundCalls.length * plan.bulkCandidates} pairs runs`);
    const background = await submitBulkJob(jobs, backgroundCalls);
    await waitForBulkJob(jobs, background, (s) => s.pairs.done > 0);
    const busy = await interactive(fleet.url, busyCalls, 1);
    const after = await jobs.status(background);
    await cancelBulkJob(jobs, background);
    const report = {
      model: { dir: model.dir, file: model.file },
      plan,
      interactive_idle: idle.latency,
      interactive_during_bulk: busy.latency,
      p95_during_bulk_vs_idle: Math.round((busy.latency.p95_ms / idle.latency.p95_ms) * 100) / 100,
      bulk_job_still_running_at_end: after.state === 'running',
      bulk_pairs_done_during_interactive: after.pairs.done,
      interactive_pairs_per_s_concurrency_16: Math.round(capacity.pairsPerSecond * 10) / 10,
      bulk_pairs: bulk.pairs,
      bulk_pairs_per_s: Math.round(bulk.pairsPerSecond * 10) / 10,
      bulk_vs_interactive_pairs_per_s: Math.round((bulk.pairsPerSecond / capacity.pairsPerSecond) * 100) / 100,
      workers: args.workers,
      machine: { ...machineInfo(), load_average_end: currentLoadAverage() },
      redis: describeRedisTarget(redisTarget),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (args.out) {
      const out = userPath(args.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
      progress(`report written to ${out}`);
    }
    return 0;
  } finally {
    activeFleet = undefined;
    await fleet.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void (activeFleet?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}

runCli('bench:bulk', BULK_BENCH_USAGE, main);
