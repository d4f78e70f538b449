import { loadRedisTarget, RedisTarget } from '@rerank/config';
import { assertRedisReachable, createRedisConnection, describeRedisTarget } from '@rerank/queue';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BenchArgs, BenchPhase, BENCH_USAGE, parseBenchArgs, UsageError } from './bench.args';
import { BenchFleet } from './bench-fleet.launcher';
import { BASELINE_BATCH_SIZE, benchPlan, BenchPlan } from './bench.plan';
import { BenchReport, formatReport, ratio, summarizeWorkload } from './bench.report';
import { BenchModel, ensureBenchModel } from './fixture.cache';
import { FleetResult, runFleet } from './fleet.phase';
import { currentLoadAverage, machineInfo } from './machine.info';
import { runRawOrt } from './raw-ort.phase';
import { runSingleRequests, SingleRequestResult } from './single-request.phase';
import { runTransformersJs } from './transformers-js.phase';
import { generateWorkload, loadVocabularyWords, RerankCall } from './workload.generator';

// Inherited variables worth recording beside the flags (the effective values are in fleet.config).
const WORKER_VARIABLES = ['ORT_INTRA_OP_THREADS', 'WORKER_CONCURRENCY', 'RERANK_BATCH_TOKENS', 'RERANK_JOB_DOCUMENTS'];

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// The fleet being driven, if any, so Ctrl-C can stop its processes and clear its Redis keys.
let activeFleet: BenchFleet | undefined;

async function stopFleet(): Promise<void> {
  const fleet = activeFleet;
  activeFleet = undefined;
  await fleet?.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the fleet and removing its Redis keys`);
    void stopFleet().finally(() => process.exit(130));
  });
}

async function fleetPhase(
  args: BenchArgs,
  model: BenchModel,
  calls: RerankCall[],
  plan: BenchPlan,
  redisTarget: RedisTarget,
): Promise<FleetResult> {
  progress(`fleet: starting 1 gateway and ${args.workers} worker(s)`);
  try {
    const options = { model, workers: args.workers, redis: redisTarget, workerEnv: args.workerEnv };
    const fleet = await BenchFleet.start(options, (started) => (activeFleet = started));
    progress(`fleet: ready at ${fleet.url} (prefix ${fleet.prefix})`);
    return await runFleet(fleet, calls, plan, progress);
  } finally {
    await stopFleet();
  }
}

async function singlePhase(
  args: BenchArgs,
  model: BenchModel,
  calls: RerankCall[],
  plan: BenchPlan,
  redisTarget: RedisTarget,
): Promise<SingleRequestResult> {
  progress(`single: starting 1 gateway and ${args.workers} worker(s)`);
  try {
    const options = { model, workers: args.workers, redis: redisTarget, workerEnv: args.workerEnv };
    const fleet = await BenchFleet.start(options, (started) => (activeFleet = started));
    return await runSingleRequests(fleet, model, calls, plan.singleRequests, progress);
  } finally {
    await stopFleet();
  }
}

function settings(args: BenchArgs, plan: BenchPlan, model: BenchModel, redisTarget: RedisTarget): Record<string, unknown> {
  const inherited = Object.fromEntries(WORKER_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  return {
    quick: args.quick,
    seed: args.seed,
    phases: args.phases,
    baseline_batch_size: BASELINE_BATCH_SIZE,
    baseline_session: "graphOptimizationLevel 'all', intra-op threads: ONNX Runtime's default (physical cores)",
    documents_per_request: plan.documentsPerRequest,
    fleet_requests_per_concurrency: plan.fleetRequests,
    fleet_warmup_requests: plan.warmupRequests,
    fleet_workers: args.workers,
    fleet_worker_env: { ...inherited, ...args.workerEnv },
    fleet_pairs_per_s_is: 'concurrency 16',
    redis: describeRedisTarget(redisTarget),
    fixture_generated_now: model.generated,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs | 'help';
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const plan = benchPlan(args.quick);
  const machine = machineInfo();
  const redisTarget = loadRedisTarget();
  if (args.phases.includes('fleet') || args.phases.includes('single')) {
    // Fail before minutes of baselines, not after.
    const redis = createRedisConnection(redisTarget, 'producer');
    await assertRedisReachable(redis, redisTarget).finally(() => redis.disconnect());
  }

  progress(`fixture: ${args.arch}${args.int8 ? ' int8' : ''}`);
  const model = await ensureBenchModel(args.arch, args.int8);
  progress(`fixture: ${model.dir}/${model.file} (${model.generated ? 'generated' : 'cached'})`);
  const calls = generateWorkload(loadVocabularyWords(), {
    requests: plan.requests,
    documentsPerRequest: plan.documentsPerRequest,
    seed: args.seed,
  });

  const failures: string[] = [];
  const phase = async <T>(name: BenchPhase, run: () => Promise<T>): Promise<T | null> => {
    if (!args.phases.includes(name)) return null;
    progress(`${name}: running`);
    try {
      return await run();
    } catch (error) {
      failures.push(`${name}: ${errorText(error)}`);
      progress(`${name} failed: ${errorText(error)}`);
      return null;
    }
  };
  const rawOrt = await phase('raw_ort', () => runRawOrt(model, calls, progress));
  const transformersJs = await phase('transformers_js', () => runTransformersJs(model, calls, progress));
  const fleet = await phase('fleet', () => fleetPhase(args, model, calls, plan, redisTarget));
  const single = await phase('single', () => singlePhase(args, model, calls, plan, redisTarget));

  const report: BenchReport = {
    model: { arch: model.arch, file: model.file, dtype: model.dtype, dir: model.dir, bytes: model.bytes },
    pairs: calls.length * plan.documentsPerRequest,
    workload: summarizeWorkload(calls, args.seed),
    raw_ort: rawOrt,
    transformers_js: transformersJs,
    fleet,
    single,
    ratios: {
      fleet_vs_raw_ort: ratio(fleet?.pairs_per_s, rawOrt?.pairs_per_s),
      fleet_vs_transformers_js: ratio(fleet?.pairs_per_s, transformersJs?.pairs_per_s),
      fleet_vs_raw_ort_per_cpu_s: ratio(fleet?.pairs_per_cpu_s, rawOrt?.pairs_per_cpu_s),
      fleet_vs_transformers_js_per_cpu_s: ratio(fleet?.pairs_per_cpu_s, transformersJs?.pairs_per_cpu_s),
      single_request_vs_bound: single?.ratio_p50 ?? null,
    },
    machine: { ...machine, load_average_end: currentLoadAverage() },
    settings: settings(args, plan, model, redisTarget),
    started_at: startedAt,
    duration_s: Math.round((performance.now() - started) / 100) / 10,
  };
  if (failures.length > 0) report.errors = failures;
  process.stdout.write(`\n${formatReport(report)}\n`);
  if (args.out) {
    // npm runs scripts from the package root; a relative --out means the caller's directory.
    const out = resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(report, null, 2) + '\n');
    progress(`report written to ${out}`);
  }
  for (const failure of failures) process.stderr.write(`bench: ${failure}\n`);
  return failures.length > 0 ? 1 : 0;
}

// process.exit rather than exitCode: keep-alive sockets and ONNX Runtime's thread pool would
// otherwise hold the process open for a while after the report.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopFleet().catch(() => undefined);
    process.exit(1);
  },
);
