import { Agent, request } from 'node:http';
import type { BenchFleet, FleetSettings } from './bench-fleet.launcher';
import { BenchPlan, CONCURRENCY_LEVELS } from './bench.plan';
import { cpuSecondsOf, measureCost, PhaseCost, selfCpuSeconds } from './cpu.usage';
import { LatencySummary, ratePerSecond, summarizeLatencies } from './latency.stats';
import { runClosedLoop } from './load.driver';
import { PaddingTracker, paddingRatio, TokenCounts } from './padding.tracker';
import type { Progress } from './raw-ort.phase';
import type { RerankCall } from './workload.generator';

/** One concurrency level; its CPU time is the gateway's, the workers' and the load client's. */
export interface FleetLevelResult extends Partial<LatencySummary>, PhaseCost {
  requests: number;
  pairs: number;
  pairs_per_s: number | null;
  wall_ms: number;
  /** Sum of usage.total_tokens over the answered requests. */
  real_tokens: number;
  padding_ratio: number | null;
  errors: number;
  first_error?: string;
}

export interface FleetResult {
  /** pairs/s at the highest concurrency (16). */
  pairs_per_s: number | null;
  /** Pairs per CPU second of the gateway, workers and load client at concurrency 16. */
  pairs_per_cpu_s: number | null;
  /** padded / real tokens over all measured levels, from the workers' job results. */
  padding_ratio: number | null;
  workers: number;
  by_concurrency: Record<string, FleetLevelResult>;
  /** What the gateway and workers ran with, read by their own config loaders. */
  config: FleetSettings;
}

/**
 * Connections kept open between calls. node:http rather than fetch: fetch's own work cost ~0.4
 * ms a call on the bench machine (~2.5 ms of a 100-document request's wall time on the idle
 * fleet, measured), time the fleet would be charged for.
 */
const keepAlive = new Agent({ keepAlive: true });

/** POSTs `body` as JSON and resolves with the status and the body text. */
function postJson(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** POSTs one call to /v1/rerank, checks that every document came back scored, and returns its usage.total_tokens. */
export async function rerank(url: string, call: RerankCall): Promise<number> {
  // A partial answer would count unscored documents as throughput.
  const { status, text } = await postJson(
    `${url}/v1/rerank`,
    JSON.stringify({ query: call.query, documents: call.documents, partial: false }),
  );
  if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { results?: unknown[]; usage?: { total_tokens?: number } };
  if (body.results?.length !== call.documents.length) {
    throw new Error(`${body.results?.length} results for ${call.documents.length} documents`);
  }
  return body.usage?.total_tokens ?? 0;
}

interface LevelRun {
  fleet: BenchFleet;
  tracker: PaddingTracker;
  concurrency: number;
  requests: number;
  documentsPerRequest: number;
  /** The workload call for the level's i-th request. */
  pick: (i: number) => RerankCall;
  progress: Progress;
}

/** One closed-loop run at one concurrency, with its latencies, padding and CPU cost. */
async function runLevel(run: LevelRun): Promise<{ result: FleetLevelResult; counts: TokenCounts }> {
  const { fleet, concurrency, requests, progress } = run;
  const counts = run.tracker.open();
  const finish = measureCost(() => {
    const fleetCpu = cpuSecondsOf(fleet.pids);
    return fleetCpu === null ? null : fleetCpu + selfCpuSeconds();
  });
  let realTokens = 0;
  const loop = await runClosedLoop({
    concurrency,
    requests,
    send: async (i) => {
      // Not `realTokens += await …`: that reads the total before awaiting and loses the other
      // clients' additions made meanwhile.
      const tokens = await rerank(fleet.url, run.pick(i));
      realTokens += tokens;
    },
    onDone: (done) => {
      if (done % Math.max(1, Math.floor(requests / 4)) === 0) progress(`fleet c=${concurrency}: ${done}/${requests}`);
    },
  });
  const pairs = loop.latenciesMs.length * run.documentsPerRequest;
  const cost = finish(pairs);
  // Completion events reach this process a moment after the gateway answers.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const result: FleetLevelResult = {
    requests,
    pairs,
    pairs_per_s: ratePerSecond(pairs, loop.wallMs),
    wall_ms: Math.round(loop.wallMs),
    ...(loop.latenciesMs.length > 0 ? summarizeLatencies(loop.latenciesMs) : {}),
    real_tokens: realTokens,
    padding_ratio: paddingRatio(counts),
    errors: loop.errors.length,
    ...(loop.errors.length > 0 ? { first_error: loop.errors[0] } : {}),
    ...cost,
  };
  progress(`fleet c=${concurrency}: ${result.pairs_per_s} pairs/s`);
  return { result, counts };
}

/**
 * Drives the running fleet over HTTP: a few warm-up calls, then a closed loop at each
 * concurrency level with the plan's number of calls, taken round-robin from the workload.
 */
export async function runFleet(fleet: BenchFleet, calls: readonly RerankCall[], plan: BenchPlan, progress: Progress): Promise<FleetResult> {
  for (let i = 0; i < plan.warmupRequests; i++) await rerank(fleet.url, calls[i % calls.length]);
  const tracker = await PaddingTracker.start(fleet.redis, fleet.prefix, fleet.modelName);
  const byConcurrency: Record<string, FleetLevelResult> = {};
  const total: TokenCounts = { real: 0, padded: 0, jobs: 0 };
  let offset = plan.warmupRequests;
  try {
    for (const concurrency of CONCURRENCY_LEVELS) {
      const first = offset;
      const requests = plan.fleetRequests[concurrency];
      const { result, counts } = await runLevel({
        fleet,
        tracker,
        concurrency,
        requests,
        documentsPerRequest: plan.documentsPerRequest,
        pick: (i) => calls[(first + i) % calls.length],
        progress,
      });
      byConcurrency[String(concurrency)] = result;
      offset += requests;
      total.real += counts.real;
      total.padded += counts.padded;
      total.jobs += counts.jobs;
    }
  } finally {
    await tracker.close();
  }
  const top = byConcurrency[String(CONCURRENCY_LEVELS[CONCURRENCY_LEVELS.length - 1])];
  return {
    pairs_per_s: top.pairs_per_s,
    pairs_per_cpu_s: top.pairs_per_cpu_s,
    padding_ratio: paddingRatio(total),
    workers: fleet.workerCount,
    by_concurrency: byConcurrency,
    config: fleet.settings,
  };
}
