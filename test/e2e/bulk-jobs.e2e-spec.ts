import { loadDirectScorer } from '../support/direct-scorer';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { makeDocuments } from '../support/documents';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';
import { waitUntil } from '../support/wait-until';
import { JobStatus, JobsApiError, JobsClient } from '../../tools/rescore/jobs-client';

interface Upload {
  query_id: string;
  query: string;
  candidates: { id: string; text: string }[];
}

interface ResultLine {
  query_id: string;
  results: { id: string; relevance_score: number; rank: number }[];
}

const QUERY_WORDS = ['berlin', 'river', 'museum', 'winter', 'coffee', 'history', 'music', 'bridge'];
const BULK_QUEUE = scoreQueueName('tiny', Lane.Bulk);

/** `queries` queries of `candidates` distinct, deterministic candidates each. */
function makeUpload(queries: number, candidates: number): Upload[] {
  return Array.from({ length: queries }, (_, q) => ({
    query_id: `q${q}`,
    query: `${QUERY_WORDS[q % QUERY_WORDS.length]} ${QUERY_WORDS[(q * 3 + 1) % QUERY_WORDS.length]} ${q}`,
    candidates: makeDocuments(candidates, q + 1).map((text, i) => ({ id: `q${q}-d${i}`, text })),
  }));
}

const ndjson = (lines: unknown[]) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Submits `upload` (with `params`, such as reading options) and answers the job's id. */
async function submit(api: JobsClient, upload: Upload[], params = ''): Promise<string> {
  return (await api.submit({ ndjson: ndjson(upload) }, { params })).id;
}

/** Polls until `done(status)` holds; fails with the last status after `timeoutMs`. */
async function waitForJob(
  api: JobsClient,
  id: string,
  done: (status: JobStatus) => boolean,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<JobStatus> {
  let last: unknown;
  return waitUntil(
    () => `job ${id} did not get there: ${JSON.stringify(last)}`,
    async () => {
      const status = await api.status(id);
      last = status;
      return done(status) ? status : undefined;
    },
    { timeoutMs, everyMs },
  );
}

/** What the gateway refused a call with: its status and message. */
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => (error instanceof JobsApiError ? { status: error.status, message: error.message } : error),
  );

const parseResults = (text: string): ResultLine[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ResultLine);

/** The fleet's bulk queue, read through BullMQ on a connection of the test's own. */
const bulkQueue = (redis: IORedis, prefix: string) => new Queue(BULK_QUEUE, { connection: redis, prefix });

/** Batch jobs of the fleet's bulk queue still in Redis, in any state. */
async function batchesLeft(redis: IORedis, prefix: string): Promise<number> {
  const counts = await bulkQueue(redis, prefix).getJobCounts();
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

describe('a bulk job on two workers, one of them killed half-way', () => {
  let fleet: TestFleet;
  let api: JobsClient;
  let direct: CrossEncoderScorer;
  let redis: IORedis;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      workers: 2,
      gatewayEnv: { RERANK_BULK_BATCH_PAIRS: '25' },
      workerEnv: { WORKER_STALLED_INTERVAL_MS: '1000' },
    });
    api = new JobsClient(fleet.url);
    direct = await loadDirectScorer();
    redis = new IORedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await direct?.release();
    await fleet?.stop();
  });

  it('still completes, with every pair scored exactly once and the scores of scoring directly', async () => {
    const upload = makeUpload(60, 50);
    const [doomed, survivor] = fleet.workers;
    // The survivor is frozen first, so the batch in flight when the doomed worker is frozen is
    // certainly the doomed one's: only stalled-job recovery can hand it on after the kill.
    survivor.child.kill('SIGSTOP');
    const id = await submit(api, upload);
    await waitForJob(api, id, (status) => status.pairs.done > 0, 60_000, 20);
    const queue = bulkQueue(redis, fleet.prefix);
    // Frozen between two batches it would hold none; thaw it a moment and try again.
    for (let attempt = 0; attempt < 100; attempt++) {
      doomed.child.kill('SIGSTOP');
      if ((await queue.getActiveCount()) === 1) break;
      doomed.child.kill('SIGCONT');
      await sleep(5);
    }
    expect(await queue.getActiveCount()).toBe(1);
    expect((await api.status(id)).pairs.done).toBeLessThan(3000);
    await doomed.stop('SIGKILL');
    survivor.child.kill('SIGCONT');

    const final = await waitForJob(api, id, (status) => status.state !== 'running' && status.state !== 'queued', 90_000, 200);
    expect(final).toMatchObject({ state: 'completed', queries: 60, pairs: { done: 3000, total: 3000 }, eta_seconds: 0 });
    expect(final.pairs_per_second).toBeGreaterThan(0);

    const lines = parseResults(await api.results(id));
    expect(lines.map((line) => line.query_id)).toEqual(upload.map((query) => query.query_id));
    for (const [q, line] of lines.entries()) {
      const ids = line.results.map((result) => result.id);
      expect(new Set(ids).size).toBe(50);
      expect([...ids].sort()).toEqual(upload[q].candidates.map((candidate) => candidate.id).sort());
      expect(line.results.map((result) => result.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const { logits } = await direct.score(
        upload[q].query,
        upload[q].candidates.map((candidate) => candidate.text),
      );
      const expected = new Map(upload[q].candidates.map((candidate, i) => [candidate.id, sigmoid(logits[i])]));
      for (const result of line.results) expect(Math.abs(result.relevance_score - (expected.get(result.id) as number))).toBeLessThan(1e-4);
    }
    // Finished batches leave Redis: only the job's record, manifests and scores remain until their TTL.
    expect(await batchesLeft(redis, fleet.prefix)).toBe(0);
  }, 180_000);
});

describe('bulk jobs: cancel, result formats and the rescore CLI, behind API keys', () => {
  const KEY = 'bulk-key-0123456789abcdef';
  let fleet: TestFleet;
  let api: JobsClient;
  let direct: CrossEncoderScorer;
  let redis: IORedis;
  let dir: string;

  beforeAll(async () => {
    fleet = await TestFleet.start({ gatewayEnv: { RERANK_BULK_BATCH_PAIRS: '10', RERANK_API_KEYS: KEY } });
    api = new JobsClient(fleet.url, KEY);
    direct = await loadDirectScorer();
    redis = new IORedis(TEST_REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'bulk-e2e-'));
  });

  afterAll(async () => {
    redis?.disconnect();
    await direct?.release();
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs an API key on every /v1/jobs route', async () => {
    const open = new JobsClient(fleet.url);
    expect(await refusal(open.submit({ ndjson: ndjson(makeUpload(1, 2)) }))).toMatchObject({ status: 401 });
    expect(await refusal(open.status('abc'))).toMatchObject({ status: 401 });
    expect(await refusal(open.results('abc'))).toMatchObject({ status: 401 });
    expect(await refusal(open.cancel('abc'))).toMatchObject({ status: 401 });
    expect(await redis.keys(`${fleet.prefix}:bulk:*`)).toEqual([]);
  });

  it('stops scoring a cancelled job: its progress stops, no batch is left waiting, and it has no results', async () => {
    const id = await submit(api, makeUpload(100, 40));
    await waitForJob(api, id, (status) => status.pairs.done > 0, 60_000, 20);
    // A refusal would throw: the DELETE was answered 2xx.
    const cancelled = await api.cancel(id);
    expect(cancelled).toMatchObject({ id, state: 'cancelled', finished_at: expect.any(String), eta_seconds: null });

    const queue = bulkQueue(redis, fleet.prefix);
    const left = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
    // BullMQ counts `paused` with `waiting`.
    expect(left).toEqual({ waiting: 0, paused: 0, prioritized: 0, delayed: 0 });
    // A batch that was being scored finishes, and stores nothing for a cancelled job.
    await waitUntil('the batch in flight to finish', async () => (await queue.getActiveCount()) === 0);
    const settled = await api.status(id);
    // With nothing waiting or active, no batch is left that could store a score: progress has stopped.
    expect(await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')).toEqual({
      waiting: 0,
      paused: 0,
      prioritized: 0,
      delayed: 0,
      active: 0,
    });
    const later = await api.status(id);
    expect(later.pairs.done).toBe(settled.pairs.done);
    expect(later.pairs.done).toBeLessThan(4000);
    expect(later.state).toBe('cancelled');

    expect(await refusal(api.results(id))).toEqual({
      status: 409,
      message: `job ${id} is cancelled (${later.pairs.done} of 4000 pairs scored); results exist once a job has completed`,
    });
    expect(await refusal(api.cancel(id))).toMatchObject({ status: 409 });
  }, 120_000);

  it('streams NDJSON in upload order, best first with top_n, and the same ranking as a TREC run', async () => {
    // 23 candidates: split over three batches of RERANK_BULK_BATCH_PAIRS = 10, and still one line.
    const upload = [makeUpload(1, 5)[0], { ...makeUpload(2, 23)[1], query_id: 'split' }, { ...makeUpload(3, 3)[2], query_id: 'small' }];
    const id = await submit(api, upload, '?top_n=4');
    const final = await waitForJob(api, id, (status) => status.state === 'completed');
    expect(final).toMatchObject({ queries: 3, top_n: 4, pairs: { done: 31, total: 31 } });

    const lines = parseResults(await api.results(id));
    expect(lines.map((line) => line.query_id)).toEqual(['q0', 'split', 'small']);
    for (const [q, line] of lines.entries()) {
      const { logits } = await direct.score(
        upload[q].query,
        upload[q].candidates.map((candidate) => candidate.text),
      );
      const expected = upload[q].candidates
        .map((candidate, i) => ({ id: candidate.id, score: sigmoid(logits[i]) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 4);
      expect(line.results.map((result) => result.id)).toEqual(expected.map((result) => result.id));
      expect(line.results.map((result) => result.rank)).toEqual(expected.map((_, i) => i + 1));
      line.results.forEach((result, i) => expect(Math.abs(result.relevance_score - expected[i].score)).toBeLessThan(1e-4));
    }

    // Read raw here, for the content type the client does not show.
    const trec = await fetch(`${fleet.url}/v1/jobs/${id}/results?format=trec`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(trec.status).toBe(200);
    expect(trec.headers.get('content-type')).toMatch(/^text\/plain/);
    const expectedTrec = lines.flatMap((line) =>
      line.results.map((result) => `${line.query_id} Q0 ${result.id} ${result.rank} ${result.relevance_score} tiny`),
    );
    expect(await trec.text()).toBe(`${expectedTrec.join('\n')}\n`);
    expect(await api.results(id, 'trec')).toBe(`${expectedTrec.join('\n')}\n`);
    expect(expectedTrec).toHaveLength(11);
  });

  it('runs the rescore CLI end to end: submit, follow, download, re-attach, and a rejected upload', async () => {
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    const upload = makeUpload(12, 6);
    writeFileSync(input, ndjson(upload));
    const cli = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [join(__dirname, '..', '..', 'dist', 'tools', 'rescore', 'rescore.cli.js'), ...args, '--url', fleet.url],
          {
            env: { ...process.env, RERANK_API_KEY: KEY },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });

    const run = await cli(input, '--out', out, '--top-n', '3');
    expect(run.code).toBe(0);
    const id = /job ([0-9a-f]{32}): 12 queries, 72 pairs queued/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();
    expect(run.stderr).toContain(`npm run rescore -- --attach ${id} --out ${out}`);
    expect(run.stderr).toMatch(new RegExp(`job ${id}: completed, 72 of 72 pairs \\(100%\\)`));
    expect(run.stdout).toBe(`job ${id} completed: 72 pairs of 12 queries; wrote 12 query lines to ${out}\n`);
    const lines = parseResults(readFileSync(out, 'utf8'));
    expect(lines.map((line) => line.query_id)).toEqual(upload.map((query) => query.query_id));
    expect(lines.every((line) => line.results.length === 3)).toBe(true);

    const attached = await cli('--attach', id as string, '--out', join(dir, 'run.trec'), '--trec');
    expect(attached.code).toBe(0);
    expect(readFileSync(join(dir, 'run.trec'), 'utf8').trimEnd().split('\n')).toHaveLength(36);

    writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify(upload[0])}\n{"query_id": "x"}\n`);
    const rejected = await cli(join(dir, 'bad.jsonl'), '--out', join(dir, 'never.jsonl'));
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('rescore: the gateway rejected the upload (400): line 2: "query" is required; nothing was enqueued');
  });
});

describe('bulk jobs read long documents as /v1/rerank does', () => {
  let fleet: TestFleet;
  let api: JobsClient;
  // A window of 24 tokens makes the first two documents below several windows long.
  const upload: Upload[] = [
    {
      query_id: 'q1',
      query: 'berlin population',
      candidates: [
        {
          id: 'd1',
          text:
            'the river runs through the old city and the museum stands by the train station '.repeat(4) + 'berlin has a large population',
        },
        { id: 'd2', text: 'berlin population grows every winter as people move to the capital '.repeat(5) },
        { id: 'd3', text: 'short note' },
      ],
    },
  ];

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { RERANK_MAX_LENGTH: '24' } });
    api = new JobsClient(fleet.url);
  });

  afterAll(async () => fleet?.stop());

  async function jobScores(query: string): Promise<Map<string, number>> {
    const id = await submit(api, upload, query);
    await waitForJob(api, id, (status) => status.state === 'completed');
    const [line] = parseResults(await api.results(id));
    return new Map(line.results.map((result) => [result.id, result.relevance_score]));
  }

  async function rerankScores(options: Record<string, unknown>): Promise<Map<string, number>> {
    const { query, candidates } = upload[0];
    const response = await fleet.post('/v1/rerank', { query, documents: candidates.map((c) => c.text), ...options });
    expect(response.status).toBe(200);
    return new Map(
      response.body.results.map((result: { index: number; relevance_score: number }) => [
        candidates[result.index].id,
        result.relevance_score,
      ]),
    );
  }

  it.each([
    ['windows, best window wins (the defaults)', '', {}],
    ['the mean of the best two windows', '?aggregation=mean&mean_top_k=2', { aggregation: 'mean', mean_top_k: 2 }],
    ['one window each (truncate)', '?truncate=true', { truncate: true }],
  ])('scores a document like /v1/rerank: %s', async (_, query, options) => {
    const [bulk, live] = await Promise.all([jobScores(query), rerankScores(options)]);
    expect([...bulk.keys()].sort()).toEqual(['d1', 'd2', 'd3']);
    for (const [id, score] of live) expect(Math.abs((bulk.get(id) as number) - score)).toBeLessThan(1e-4);
  });

  it('tells windowed and truncated reading apart, so the options reach the workers', async () => {
    const [windowed, truncated] = await Promise.all([jobScores(''), jobScores('?truncate=true')]);
    expect(Math.abs((windowed.get('d1') as number) - (truncated.get('d1') as number))).toBeGreaterThan(1e-6);
  });

  it('rejects bad reading options before reading the upload', async () => {
    expect(await refusal(submit(api, upload, '?max_chunks_per_doc=0'))).toEqual({
      status: 400,
      message: 'max_chunks_per_doc must be at least 1',
    });
    expect(await refusal(submit(api, upload, '?mean_top_k=2'))).toMatchObject({
      message: 'mean_top_k applies only to aggregation "mean" (got "max")',
    });
  });
});
