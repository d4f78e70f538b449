import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../tools/fleet/fleet-housekeeping';
import { answersPing } from './dedicated-redis';

const READY_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

/** Polls `check` until it holds, without a fixed sleep; rejects with `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await portIsFree(port + 10_000))) return port;
  }
}

/** Runs redis-cli against a port and returns its output. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}

/** One redis-server (or sentinel) of a test's own, in its own directory, without persistence. */
export class RedisNode {
  private output = '';

  private constructor(
    readonly port: number,
    readonly process: ChildProcess,
  ) {
    for (const stream of [process.stdout, process.stderr]) stream?.on('data', (data) => (this.output += String(data)));
  }

  static async start(port: number, dir: string, args: string[], configFile?: string): Promise<RedisNode> {
    const base = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', configFile ? [configFile, ...base, ...args] : [...base, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new RedisNode(port, child);
    await until(`redis on port ${port} to answer`, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited:\n${node.output}`);
      return answersPing(port);
    }).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\n${node.output}`);
    });
    return node;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Kills the process (SIGKILL: a crash, no goodbye) and waits until it is gone. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGKILL');
    await exited;
  }
}

/** A Redis Cluster of `masters` masters (no replicas) on free loopback ports, made with `redis-cli --cluster create`. */
export class RedisClusterUnderTest {
  private constructor(
    readonly nodes: RedisNode[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<RedisClusterUnderTest> {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-cluster-'));
    const nodes: RedisNode[] = [];
    const cluster = new RedisClusterUnderTest(nodes, dir);
    try {
      for (let i = 0; i < masters; i++) {
        const port = await freeClusterPort();
        nodes.push(await RedisNode.start(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`]));
      }
      await run('redis-cli', [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await until('the cluster to be ok on every node', async () => {
        const states = await Promise.all(nodes.map((node) => redisCli(node.port, 'cluster', 'info')));
        return states.every((info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${masters}`).test(info));
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Environment that points a fleet at this cluster. */
  get env(): Record<string, string> {
    return {
      REDIS_URL: `redis://127.0.0.1:${this.nodes[0].port}`,
      REDIS_CLUSTER_NODES: this.nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    };
  }

  /** The port of the master that serves `key`'s slot. */
  async portOf(key: string): Promise<number> {
    const slot = Number(await redisCli(this.nodes[0].port, 'cluster', 'keyslot', key));
    const shards = await redisCli(this.nodes[0].port, '--json', 'cluster', 'slots').catch(() => '');
    const ranges = shards ? (JSON.parse(shards) as [number, number, [string, number]][]) : [];
    const range = ranges.find(([start, end]) => slot >= start && slot <= end);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const SENTINEL_MASTER_NAME = 'rerank-master';

/**
 * One master, one replica and three sentinels (quorum 2) on free loopback ports. Sentinels
 * declare the master down after `downAfterMs` without an answer and then promote the replica.
 */
export class RedisSentinelGroup {
  private constructor(
    readonly master: RedisNode,
    readonly replica: RedisNode,
    readonly sentinels: RedisNode[],
    private readonly dir: string,
  ) {}

  static async start(downAfterMs = 1000): Promise<RedisSentinelGroup> {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-sentinel-'));
    const started: RedisNode[] = [];
    try {
      const master = await RedisNode.start(await freePort(), dir, []);
      started.push(master);
      const replica = await RedisNode.start(await freePort(), dir, ['--replicaof', '127.0.0.1', String(master.port)]);
      started.push(replica);
      await until('the replica to sync', async () => /master_link_status:up/.test(await redisCli(replica.port, 'info', 'replication')));
      const sentinels: RedisNode[] = [];
      for (let i = 0; i < 3; i++) {
        const port = await freePort();
        // A sentinel rewrites its configuration file, so each gets one of its own.
        const configFile = join(dir, `sentinel-${port}.conf`);
        writeFileSync(
          configFile,
          [
            `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${master.port} 2`,
            `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${downAfterMs}`,
            `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
            `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
            '',
          ].join('\n'),
        );
        const sentinel = await RedisNode.start(port, dir, ['--sentinel'], configFile);
        started.push(sentinel);
        sentinels.push(sentinel);
      }
      const group = new RedisSentinelGroup(master, replica, sentinels, dir);
      await until(
        'every sentinel to know the replica and the other sentinels',
        async () => {
          const views = await Promise.all(sentinels.map((s) => redisCli(s.port, 'sentinel', 'master', SENTINEL_MASTER_NAME)));
          return views.every((view) => /num-slaves\s+1/.test(view) && /num-other-sentinels\s+2/.test(view));
        },
        30_000,
      );
      return group;
    } catch (error) {
      await Promise.all(started.map((node) => node.kill()));
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Environment that points a fleet at this group's master through the sentinels. */
  get env(): Record<string, string> {
    return {
      // The first master's address: a fleet that ignored the sentinels would stay on it and fail.
      REDIS_URL: `redis://127.0.0.1:${this.master.port}`,
      REDIS_SENTINELS: this.sentinels.map((node) => `127.0.0.1:${node.port}`).join(','),
      REDIS_SENTINEL_MASTER: SENTINEL_MASTER_NAME,
    };
  }

  /** The port the sentinels name as master now. */
  async masterPort(): Promise<number> {
    const reply = await redisCli(this.sentinels[0].port, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER_NAME);
    return Number(reply.split('\n')[1]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.master, this.replica, ...this.sentinels].map((node) => node.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
