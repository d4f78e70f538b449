import { loadGatewayConfig, loadRedisTarget } from '@rerank/config';
import { assertRedisReachable, createRedisConnection } from '@rerank/queue';
import { BenchFleet } from '../fleet/bench-fleet.launcher';
import { ensureBenchModel } from '../fleet/fixture.cache';
import type { GatewayMetricsReader } from './gateway-metrics.reader';
import type { LoadArgs, LoadTarget } from './load.args';
import type { LoadReport } from './load.report';
import { MemorySource, procRssBytes } from './process-memory.sampler';

/** Where the load goes, and whose memory the run follows. */
export interface Target {
  url: string;
  started: LoadReport['target']['started_fleet'];
  memory: MemorySource[];
}

const procSource = (role: MemorySource['role'], pid: number): MemorySource => ({ role, pid, via: 'proc', read: () => procRssBytes(pid) });

/**
 * A fleet on a fixture, as the bench starts it, but with the gateway's real request timeout.
 * `register` receives the fleet before it is ready, so Ctrl-C can stop one still starting.
 */
export async function startFleet(
  args: LoadArgs,
  target: Extract<LoadTarget, { kind: 'fleet' }>,
  register: (fleet: BenchFleet) => void,
  progress: (message: string) => void,
): Promise<Target> {
  const redisTarget = loadRedisTarget();
  const redis = createRedisConnection(redisTarget, 'producer');
  await assertRedisReachable(redis, redisTarget).finally(() => redis.disconnect());
  const model = await ensureBenchModel(target.arch, target.int8);
  progress(`fixture: ${model.dir}/${model.file} (${model.generated ? 'generated' : 'cached'})`);
  const keys: Record<string, string> = args.apiKey === undefined ? {} : { RERANK_API_KEYS: args.apiKey };
  // The bench lifts the timeout to see queueing latency; a load test wants the 504s a client would get.
  const { requestTimeoutMs } = loadGatewayConfig({ ...process.env, ...keys });
  const fleetEnv = { ...keys, RERANK_REQUEST_TIMEOUT_MS: String(requestTimeoutMs) };
  progress(`fleet: starting 1 gateway and ${target.workers} worker(s)`);
  const fleet = await BenchFleet.start({ model, workers: target.workers, redis: redisTarget, workerEnv: fleetEnv }, register);
  progress(`fleet: ready at ${fleet.url} (prefix ${fleet.prefix})`);
  return {
    url: fleet.url,
    started: { arch: model.arch, dtype: model.dtype, workers: target.workers, prefix: fleet.prefix },
    memory: [
      ...fleet.pidsOf('gateway').map((pid) => procSource('gateway', pid)),
      ...fleet.pidsOf('worker').map((pid) => procSource('worker', pid)),
    ],
  };
}

/** A running fleet; its processes' RSS from the pids given, else the gateway's from /metrics. */
export async function externalFleet(
  target: Extract<LoadTarget, { kind: 'external' }>,
  metrics: GatewayMetricsReader,
  progress: (message: string) => void,
): Promise<Target> {
  const memory: MemorySource[] = [];
  if (target.gatewayPid !== undefined) {
    memory.push(procSource('gateway', target.gatewayPid));
  } else {
    try {
      await metrics.residentMemoryBytes();
      memory.push({ role: 'gateway', via: 'metrics', read: () => metrics.residentMemoryBytes() });
    } catch (error) {
      progress(`gateway RSS not followed (pass --gateway-pid): ${(error as Error).message}`);
    }
  }
  memory.push(...target.workerPids.map((pid) => procSource('worker', pid)));
  // An unreadable pid stops the run here, naming it, rather than leaving a hole in the report.
  await Promise.all(memory.filter((source) => source.via === 'proc').map((source) => source.read()));
  return { url: target.url, started: null, memory };
}
