import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../../tools/cli/cli-args';
import type { BenchFleet } from '../fleet/bench-fleet.launcher';
import { loadVocabularyWords } from '../fleet/workload.generator';
import { Completion, estimateCapacity } from './capacity.estimate';
import { GatewayMetricsReader } from './gateway-metrics.reader';
import { LoadArgs, LOAD_USAGE, parseLoadArgs } from './load.args';
import { closedPhase, openPhase, PhaseContext } from './load.phases';
import { CapacityReport, formatLoadReport, LoadReport, overloadChecks, PhaseReport } from './load.report';
import { externalFleet, startFleet } from './load.target';
import { MemorySampler } from './process-memory.sampler';
import { RequestMix } from './request-mix.generator';
import { RerankSender, requestHeaders } from './rerank.sender';

const progress = (message: string) => process.stderr.write(`[load] ${message}\n`);
const loadAverage = () => Math.round(loadavg()[0] * 100) / 100;

// The fleet this run started, if any, so Ctrl-C can stop its processes and clear its Redis keys.
let activeFleet: BenchFleet | undefined;

async function stopFleet(): Promise<void> {
  const fleet = activeFleet;
  activeFleet = undefined;
  await fleet?.stop();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping${activeFleet ? ' the fleet and removing its Redis keys' : ''}`);
    void stopFleet().finally(() => process.exit(130));
  });
}

/** A phase's context, with the run's arguments and the mix whose mean size capacity needs. */
interface RunContext extends PhaseContext {
  args: LoadArgs;
  mix: RequestMix;
}

/** The --capacity-factor run's capacity: given, or measured by a closed loop first. */
async function capacity(context: RunContext, metrics: GatewayMetricsReader): Promise<CapacityReport | null> {
  const { plan } = context.args;
  if (plan.kind !== 'factor') return null;
  const meanDocuments = context.mix.meanDocuments;
  const source = plan.capacity;
  if (source.kind === 'given') {
    const pairs = Math.round(source.requestsPerS * meanDocuments * 1000) / 1000;
    const given = { pairs_per_s: pairs, requests_per_s: source.requestsPerS, completions: 0 };
    return { ...given, source: 'flag', factor: plan.factor, drive_rate_per_s: plan.factor * source.requestsPerS };
  }
  progress(`capacity: closed loop, ${source.connections} connections for ${source.durationS} s`);
  const completions: Completion[] = [];
  const phase = await closedPhase(context, source.connections, source.durationS, 'capacity', completions);
  const estimate = estimateCapacity(completions, meanDocuments);
  progress(`capacity: ${estimate.requests_per_s} requests/s (${estimate.pairs_per_s} pairs/s) from ${estimate.completions} answers`);
  // Requests that timed out (at the client or the gateway) may still be queued; the drive must not inherit them.
  if (!(await metrics.waitForEmptyQueues(context.args.timeoutS * 1000))) {
    progress('capacity: could not see the queues empty (no /metrics?); the drive may start on leftover work');
  }
  return { ...estimate, source: 'measured', factor: plan.factor, drive_rate_per_s: plan.factor * estimate.requests_per_s, phase };
}

async function run(args: LoadArgs): Promise<LoadReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const loadAverageStart = loadAverage();
  const headers = requestHeaders(args.apiKey);
  const target =
    args.target.kind === 'fleet'
      ? await startFleet(args, args.target, (started) => (activeFleet = started), progress)
      : await externalFleet(args.target, new GatewayMetricsReader(args.target.url, headers), progress);
  const metrics = new GatewayMetricsReader(target.url, headers);
  // Unique per run: with the same seed, a second run must still miss the gateway's score cache.
  const mix = RequestMix.generate(loadVocabularyWords(), {
    sizes: args.mix,
    seed: args.seed,
    runTag: String(randomInt(1e6)),
    model: args.model,
  });
  const context: RunContext = { url: target.url, headers, timeoutS: args.timeoutS, mix, progress, args };

  // One request of each size first: fails fast on a wrong key or model, and the workers have
  // allocated for the largest batches before memory is first read.
  const warmUp = new RerankSender(target.url, headers, args.timeoutS * 1000);
  for (const size of [...new Set(args.mix)].sort((a, b) => a - b)) await warmUp.expectOk(mix.ofSize(size));
  progress(`warm-up: one request of each size answered`);

  const capacityReport = await capacity(context, metrics);
  const memory = new MemorySampler(target.memory);
  await memory.start();
  let drive: PhaseReport;
  if (args.plan.kind === 'closed') {
    progress(`drive: closed loop, ${args.plan.connections} connections for ${args.durationS} s`);
    drive = await closedPhase(context, args.plan.connections, args.durationS, 'drive');
  } else {
    const rate = args.plan.kind === 'open' ? args.plan.rate : (capacityReport as CapacityReport).drive_rate_per_s;
    progress(`drive: open loop, ${rate.toFixed(3)} requests/s for ${args.durationS} s`);
    drive = await openPhase(context, rate, args.durationS, args.maxInFlight);
  }
  const memoryFigures = await memory.stop();
  return {
    target: { url: target.url, started_fleet: target.started },
    mix: {
      documents: args.mix,
      mean_documents: mix.meanDocuments,
      seed: args.seed,
      ...(args.model === undefined ? {} : { model: args.model }),
    },
    capacity: capacityReport,
    drive,
    memory: memoryFigures,
    checks: overloadChecks(drive, memoryFigures),
    machine: { cores: cpus().length, load_average_start: loadAverageStart, load_average_end: loadAverage() },
    started_at: startedAt,
    duration_s: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let args: LoadArgs | 'help';
  try {
    args = parseLoadArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`load: ${error.message}\n${LOAD_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${LOAD_USAGE}\n`);
    return 0;
  }
  try {
    const report = await run(args);
    process.stdout.write(`\n${formatLoadReport(report)}\n`);
    if (args.json) {
      await mkdir(dirname(args.json), { recursive: true });
      await writeFile(args.json, JSON.stringify(report, null, 2) + '\n');
      progress(`report written to ${args.json}`);
    }
    return 0;
  } finally {
    await stopFleet();
  }
}

// process.exit rather than exitCode: keep-alive sockets would hold the process open a while.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopFleet().catch(() => undefined);
    process.exit(1);
  },
);
