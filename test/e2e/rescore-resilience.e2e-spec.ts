import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DedicatedRedis } from '../support/dedicated-redis';
import { makeDocuments } from '../support/documents';
import { TestFleet } from '../support/test-fleet';

const CLI = join(__dirname, '..', '..', 'dist', 'tools', 'rescore', 'rescore.cli.js');
const QUERIES = 12;
const CANDIDATES = 6;

function writeUpload(path: string): void {
  const lines = Array.from({ length: QUERIES }, (_, q) => ({
    query_id: `q${q}`,
    query: `berlin river ${q}`,
    candidates: makeDocuments(CANDIDATES, q + 1).map((text, i) => ({ id: `q${q}-d${i}`, text })),
  }));
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
}

/** `npm run rescore` as a user runs it, its output kept so a test can wait on what it says. */
class RescoreRun {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk) => (this.stdout += chunk));
    this.child.stderr?.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get jobId(): string | undefined {
    return /job ([0-9a-f]{32}): \d+ queries/.exec(this.stderr)?.[1];
  }

  /** Resolves once `done()` holds; rejects if the CLI exits first or time runs out. */
  async until(done: () => boolean | Promise<boolean>, what: string, withinMs = 30_000): Promise<void> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (const deadline = Date.now() + withinMs; !(await done());) {
      if (exited || Date.now() > deadline) throw new Error(`rescore ${exited ? 'exited' : 'ran on'} before ${what}:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function resultLines(path: string): { query_id: string; results: unknown[] }[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('npm run rescore with a tight per-key rate limit', () => {
  const KEY = 'rescore-key-0123456789abcdef';
  let fleet: TestFleet;
  let dir: string;

  beforeAll(async () => {
    // Two requests a minute: the upload and one rerank. Following the job must not need any of them.
    fleet = await TestFleet.start({
      gatewayEnv: { RERANK_API_KEYS: KEY, RERANK_RATE_LIMIT_REQUESTS: '2', RERANK_BULK_BATCH_PAIRS: '10' },
    });
    dir = mkdtempSync(join(tmpdir(), 'rescore-limit-'));
  });

  afterAll(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows the job through many status polls and downloads its results, and the key can still score afterwards', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    /** Status polls the gateway answered 200 (read from /metrics, which is no request of the budget either). */
    const polls = async () => {
      const metrics = await fleet.send('GET', '/metrics', { headers: auth });
      expect(metrics.status).toBe(200);
      const line = metrics.text
        .split('\n')
        .find((entry) => entry.startsWith('rerank_http_requests_total{method="GET",route="/v1/jobs/:id",status="200"}'));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    writeUpload(input);
    const [worker] = fleet.workers;
    // Held while the CLI polls, so it surely polls more often than the budget allows.
    worker.child.kill('SIGSTOP');
    const run = new RescoreRun([input, '--out', out, '--url', fleet.url], { RERANK_API_KEY: KEY });
    try {
      await run.until(async () => (await polls()) >= 4, 'four status polls');
    } finally {
      worker.child.kill('SIGCONT');
    }
    const code = await run.exited;
    expect([code, run.stderr]).toEqual([0, expect.not.stringContaining('429')]);
    expect(run.stdout).toBe(
      `job ${run.jobId} completed: ${QUERIES * CANDIDATES} pairs of ${QUERIES} queries; wrote ${QUERIES} query lines to ${out}\n`,
    );
    const lines = resultLines(out);
    expect(lines.map((line) => [line.query_id, line.results.length])).toEqual(
      Array.from({ length: QUERIES }, (_, q) => [`q${q}`, CANDIDATES]),
    );

    const scored = await fleet.post('/v1/rerank', { query: 'berlin', documents: ['berlin', 'river'] }, auth);
    expect(scored.status).toBe(200);
  }, 120_000);
});

describe('npm run rescore through a Redis blip', () => {
  let redis: DedicatedRedis;
  let fleet: TestFleet;
  let dir: string;

  beforeAll(async () => {
    // Persistent: a Redis that restarts with its data, so the job is still there to follow.
    redis = await DedicatedRedis.start({ persistent: true });
    fleet = await TestFleet.start({ env: { REDIS_URL: redis.url }, gatewayEnv: { RERANK_BULK_BATCH_PAIRS: '10' } });
    dir = mkdtempSync(join(tmpdir(), 'rescore-blip-'));
  });

  afterAll(async () => {
    await fleet?.stop();
    await redis?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps following the job while the gateway answers 503, and completes once Redis is back', async () => {
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    writeUpload(input);
    const [worker] = fleet.workers;
    worker.child.kill('SIGSTOP');
    const run = new RescoreRun([input, '--out', out, '--url', fleet.url]);
    try {
      await run.until(() => run.jobId !== undefined, 'the job was accepted');
      await redis.stopServer();
      try {
        await run.until(
          () => /cannot read the status of job [0-9a-f]{32}: the gateway answered 503: cannot reach Redis.*; retrying in/.test(run.stderr),
          'a 503 it retries',
        );
      } finally {
        await redis.startServer();
      }
    } finally {
      worker.child.kill('SIGCONT');
    }
    const code = await run.exited;
    expect([code, run.stderr]).toEqual([0, expect.stringContaining('retrying in')]);
    expect(run.stdout).toBe(
      `job ${run.jobId} completed: ${QUERIES * CANDIDATES} pairs of ${QUERIES} queries; wrote ${QUERIES} query lines to ${out}\n`,
    );
    const lines = resultLines(out);
    expect(lines.map((line) => [line.query_id, line.results.length])).toEqual(
      Array.from({ length: QUERIES }, (_, q) => [`q${q}`, CANDIDATES]),
    );
  }, 120_000);
});
