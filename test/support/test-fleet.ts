import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FleetProcess, FleetRole, READY_LINE } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder, freePort } from '../../tools/fleet/fleet-housekeeping';
import { TINY_FIXTURE_DIR } from './fixtures';
import { TEST_REDIS_URL } from './redis';

const STARTUP_TIMEOUT_MS = 30_000;

export interface TestFleetOptions {
  workers?: number;
  /** Extra environment for both roles (e.g. RERANK_REQUEST_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** Extra environment for the gateway only, over `env`. */
  gatewayEnv?: Record<string, string>;
  /** Extra environment for the workers only, over `env`. */
  workerEnv?: Record<string, string>;
  /** Called with every output line of every process, e.g. to check that each is JSON. */
  onLine?: (role: FleetRole, line: string) => void;
}

/** A real gateway and real worker processes on a fresh queue prefix, for one test file. */
export class TestFleet {
  private constructor(
    readonly url: string,
    readonly prefix: string,
    readonly gateway: FleetProcess,
    readonly workers: FleetProcess[],
    /** The workers' environment, for `addWorker`. */
    private readonly workerEnv: NodeJS.ProcessEnv,
    private readonly dataDir: string,
    private readonly onWorkerLine?: (line: string) => void,
  ) {}

  static async start(options: TestFleetOptions = {}): Promise<TestFleet> {
    const prefix = `test-${randomUUID()}`;
    const port = await freePort();
    // Each fleet gets its own collections database, so no test reads another's (or the repo's).
    const dataDir = mkdtempSync(join(tmpdir(), 'rerank-data-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      RERANK_MODEL: TINY_FIXTURE_DIR,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORT_INTRA_OP_THREADS: '1',
      // Off unless a test asks: a port exported in the shell would stop every worker after the first.
      WORKER_METRICS_PORT: '0',
      ...options.env,
    };
    const workerEnv = { ...env, ...options.workerEnv };
    const onLine = (role: FleetRole) => (options.onLine ? (line: string) => options.onLine?.(role, line) : undefined);
    const workers = Array.from({ length: options.workers ?? 1 }, () =>
      FleetProcess.start('worker', { env: workerEnv, onLine: onLine('worker') }),
    );
    const gateway = FleetProcess.start('gateway', { env: { ...env, ...options.gatewayEnv }, onLine: onLine('gateway') });
    const fleet = new TestFleet(`http://127.0.0.1:${port}`, prefix, gateway, workers, workerEnv, dataDir, onLine('worker'));
    try {
      await Promise.all([gateway, ...workers].map((child) => child.waitForLine(READY_LINE[child.role], STARTUP_TIMEOUT_MS)));
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  /** Starts one more worker on the same Redis prefix; `env` (e.g. its RERANK_MODELS) goes over the workers' one. */
  async addWorker(env: Record<string, string> = {}): Promise<FleetProcess> {
    const worker = FleetProcess.start('worker', { env: { ...this.workerEnv, ...env }, onLine: this.onWorkerLine });
    this.workers.push(worker);
    await worker.waitForLine(READY_LINE.worker, STARTUP_TIMEOUT_MS);
    return worker;
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Any method; the body as text and, when it is JSON, parsed. */
  async send(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; text: string; json: any; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, { method, headers: init.headers, body: init.body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, headers: response.headers };
  }

  async get(path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway, ...this.workers].map((child) => child.stop('SIGKILL')));
    await deleteKeysUnder(TEST_REDIS_URL, this.prefix);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
