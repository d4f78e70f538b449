import { loadGatewayConfig, loadWorkerConfig, modelNameFor, RedisTarget } from '@rerank/config';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FleetProcess, FleetRole, READY_LINE } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder, freePort } from '../../tools/fleet/fleet-housekeeping';
import type { BenchModel } from './fixture.cache';

const STARTUP_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;
// A queued request at concurrency 16 on a slow fp32 model waits far longer than the
// gateway's 30 s default; the bench wants its latency, not a 504.
const BENCH_REQUEST_TIMEOUT_MS = 600_000;

export interface BenchFleetOptions {
  model: BenchModel;
  workers: number;
  redis: RedisTarget;
  /** Worker settings from flags; they override the inherited environment. */
  workerEnv: Record<string, string>;
}

/** The settings the fleet's processes run with, as their own config loaders read them. */
export interface FleetSettings {
  worker: Pick<ReturnType<typeof loadWorkerConfig>, 'runtime' | 'concurrency' | 'batch'>;
  gateway: Pick<ReturnType<typeof loadGatewayConfig>, 'jobDocuments' | 'requestTimeoutMs'>;
}

function fleetSettings(env: NodeJS.ProcessEnv): FleetSettings {
  const { runtime, concurrency, batch } = loadWorkerConfig(env);
  const { jobDocuments, requestTimeoutMs } = loadGatewayConfig(env);
  return { worker: { runtime, concurrency, batch }, gateway: { jobDocuments, requestTimeoutMs } };
}

/** One gateway and N workers of the real fleet on a fresh queue prefix and a free port. */
export class BenchFleet {
  private constructor(
    readonly url: string,
    readonly prefix: string,
    readonly modelName: string,
    readonly redis: RedisTarget,
    readonly settings: FleetSettings,
    private readonly processes: FleetProcess[],
    private readonly dataDir: string,
  ) {}

  /**
   * Starts the processes and waits until each says it is ready. `register` receives the fleet
   * before it is ready, so a caller's Ctrl-C handler can stop a fleet that is still starting.
   */
  static async start(options: BenchFleetOptions, register: (fleet: BenchFleet) => void): Promise<BenchFleet> {
    const prefix = `bench-${randomUUID()}`;
    const port = await freePort();
    // The gateway's collection store, kept out of the working tree and removed afterwards.
    const dataDir = await mkdtemp(join(tmpdir(), 'rerank-bench-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REDIS_URL: options.redis.url,
      QUEUE_PREFIX: prefix,
      RERANK_MODEL: options.model.dir,
      RERANK_MODEL_FILE: options.model.file,
      PORT: String(port),
      HOST: '127.0.0.1',
      RERANK_REQUEST_TIMEOUT_MS: String(BENCH_REQUEST_TIMEOUT_MS),
      // The readiness lines are at 'log' level; per-job lines (debug) would cost CPU in the measurement.
      LOG_LEVEL: 'log',
      DATA_DIR: dataDir,
      // Several workers share this host: a port exported in the shell would stop all but the first.
      WORKER_METRICS_PORT: '0',
      // Benchmarks measure scoring: the bench's workload repeats its calls across concurrency
      // levels, and cached pairs would be answered without a forward pass.
      RERANK_SCORE_CACHE: 'off',
      ...options.workerEnv,
    };
    let settings: FleetSettings;
    try {
      settings = fleetSettings(env); // a bad value stops here, naming the variable
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    const workers = Array.from({ length: options.workers }, () => FleetProcess.start('worker', { env }));
    const gateway = FleetProcess.start('gateway', { env });
    const modelName = modelNameFor(options.model.dir, env.RERANK_MODEL_NAME);
    const url = `http://127.0.0.1:${port}`;
    const fleet = new BenchFleet(url, prefix, modelName, options.redis, settings, [gateway, ...workers], dataDir);
    register(fleet);
    await Promise.all(fleet.processes.map((child) => child.waitForLine(READY_LINE[child.role], STARTUP_TIMEOUT_MS)));
    return fleet;
  }

  get workerCount(): number {
    return this.processes.filter((child) => child.role === 'worker').length;
  }

  get pids(): number[] {
    return this.processes.flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** The pids of the gateway or of the workers. */
  pidsOf(role: FleetRole): number[] {
    return this.processes.flatMap((child) => (child.role !== role || child.pid === undefined ? [] : [child.pid]));
  }

  /** The line each worker printed when it became ready (its models, threads and settings, as JSON). */
  workerReadyLines(): string[] {
    return this.processes.flatMap((child) =>
      child.role === 'worker'
        ? child.output
            .split('\n')
            .filter((line) => READY_LINE.worker.test(line))
            .slice(0, 1)
        : [],
    );
  }

  /** SIGTERM, SIGKILL after a grace period, then removes the prefix's keys. Safe to call twice. */
  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(async (child) => {
        const timer = setTimeout(() => void child.stop('SIGKILL'), STOP_GRACE_MS);
        await child.stop('SIGTERM');
        clearTimeout(timer);
      }),
    );
    await rm(this.dataDir, { recursive: true, force: true });
    await deleteKeysUnder(this.redis, this.prefix);
  }
}
