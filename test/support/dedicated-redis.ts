import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/fleet/fleet-housekeeping';

const READY_TIMEOUT_MS = 10_000;

/** True when something on `port` answers PING with PONG. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(String(data).startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

/**
 * A redis-server of a test's own on a free port, which the test may stop and start again: the
 * shared Redis must never be stopped, since other test files use it at the same time. Nothing is
 * persisted, so a restart comes back empty, as a Redis without persistence does in production.
 */
export class DedicatedRedis {
  private server?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    /** Where an append-only file keeps the data over restarts; undefined: nothing is kept. */
    private readonly dataDir?: string,
  ) {}

  /**
   * `persistent`: every write goes to an append-only file (fsync'd each time), so a restart comes
   * back with the data, as a production Redis with persistence does after a blip.
   */
  static async start(options: { persistent?: boolean } = {}): Promise<DedicatedRedis> {
    const dataDir = options.persistent ? mkdtempSync(join(tmpdir(), 'dedicated-redis-')) : undefined;
    const redis = new DedicatedRedis(await freePort(), dataDir);
    await redis.startServer();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port) and resolves once it answers PING. */
  async startServer(): Promise<void> {
    if (this.server) throw new Error(`redis-server on port ${this.port} is already running`);
    const persistence = this.dataDir ? ['--dir', this.dataDir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const server = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server = server;
    for (const stream of [server.stdout, server.stderr]) stream?.on('data', (data) => (this.output += String(data)));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await answersPing(this.port))) {
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server did not answer on port ${this.port}:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the server (by default without letting it say goodbye, like a crash) and waits until it is gone. */
  async stopServer(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill(signal);
      await exited;
    }
  }

  /** Stops the server and removes its data directory, if it had one. */
  async dispose(): Promise<void> {
    await this.stopServer();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async restart(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }
}
