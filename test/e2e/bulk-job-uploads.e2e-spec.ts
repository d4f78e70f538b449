import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';

const ndjson = (lines: unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
const inline = (id: string, candidates = 2) => ({
  query_id: id,
  query: `query ${id}`,
  candidates: Array.from({ length: candidates }, (_, i) => ({ id: `${id}-d${i}`, text: `document ${i} of ${id}` })),
});

describe('POST /v1/jobs upload checks (no worker needed: nothing gets as far as scoring)', () => {
  let fleet: TestFleet;
  let redis: IORedis;
  let dataDir: string;

  const submit = async (
    body: string | Uint8Array,
    query = '',
    contentType = 'application/x-ndjson',
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${fleet.url}/v1/jobs${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as any, location: response.headers.get('location') };
  };
  const request = async (method: string, path: string) => {
    const response = await fetch(`${fleet.url}${path}`, { method });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const keys = (pattern: string) => redis.keys(`${fleet.prefix}:${pattern}`);
  let bulkQueue: Queue;

  /** Nothing of a job in Redis (no record, manifest or scores, no batch queued) and no spool file left. */
  async function expectNothingCreated(): Promise<void> {
    expect(await keys('bulk:*')).toEqual([]);
    const jobsByState = await bulkQueue.getJobCounts();
    expect(Object.entries(jobsByState).filter(([, count]) => count > 0)).toEqual([]);
    const spool = join(dataDir, 'spool');
    expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulk-uploads-e2e-'));
    fleet = await TestFleet.start({
      workers: 0,
      env: { DATA_DIR: dataDir },
      gatewayEnv: { RERANK_MAX_QUERY_CHARS: '50', RERANK_JOB_MAX_PAIRS: '20', RERANK_BULK_BATCH_PAIRS: '4' },
    });
    redis = new IORedis(TEST_REDIS_URL);
    bulkQueue = new Queue(scoreQueueName('tiny', Lane.Bulk), { connection: redis, prefix: fleet.prefix });
    const collection = await fetch(`${fleet.url}/v1/collections/cities/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { id: 'berlin', text: 'Berlin is the capital of Germany.' },
        { id: 'paris', text: 'Paris is the capital of France.' },
      ]),
    });
    expect(collection.status).toBe(200);
  });

  afterAll(async () => {
    await bulkQueue?.close();
    redis?.disconnect();
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['bad JSON', ndjson([inline('a'), inline('b'), '{"query_id": "c", "query": ']), 'line 3: is not valid JSON'],
    ['a missing field', ndjson([inline('a'), { query_id: 'b', candidates: [{ id: 'x', text: 'y' }] }]), 'line 2: "query" is required'],
    [
      'a repeated candidate id',
      ndjson([
        {
          query_id: 'a',
          query: 'q',
          candidates: [
            { id: 'x', text: '1' },
            { id: 'x', text: '2' },
          ],
        },
      ]),
      'line 1: "candidates[1]" repeats id "x" of candidates[0]; ids must be unique within a query',
    ],
    [
      'a repeated query_id',
      ndjson([inline('a'), '', inline('b'), inline('a')]),
      'line 4: "query_id" "a" was already used on line 1; query ids must be unique within a job',
    ],
    [
      'an unknown collection',
      ndjson([inline('a'), { query_id: 'b', query: 'capital', collection: 'towns', top: 5 }]),
      'line 2: "collection": collection "towns" does not exist',
    ],
    [
      'an unknown document id',
      ndjson([{ query_id: 'b', query: 'capital', collection: 'cities', candidates: ['berlin', 'rome'] }]),
      'line 1: "candidates[1]": document "rome" is not in collection "cities"',
    ],
    [
      'a query over RERANK_MAX_QUERY_CHARS',
      ndjson([inline('a'), { ...inline('b'), query: 'q'.repeat(51) }]),
      'line 2: "query" has 51 characters; the limit is 50 (RERANK_MAX_QUERY_CHARS)',
    ],
    [
      'more pairs than RERANK_JOB_MAX_PAIRS',
      ndjson([inline('a', 10), inline('b', 10), inline('c', 1)]),
      'line 3: with this line the job holds 21 pairs; the limit is 20 (RERANK_JOB_MAX_PAIRS)',
    ],
  ])('answers 400 naming the line for %s, and creates nothing', async (_, body, message) => {
    const response = await submit(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(`${message}; nothing was enqueued`);
    await expectNothingCreated();
  });

  it('answers a bad early line of a large upload with its 400, not a reset connection', async () => {
    const body = ndjson([inline('a'), 'oops', ...Array.from({ length: 20_000 }, (_, i) => inline(`q${i}`, 5))]);
    expect(body.length).toBeGreaterThan(4_000_000);
    const response = await submit(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('line 2: is not valid JSON; nothing was enqueued');
    await expectNothingCreated();
  });

  it.each([
    [
      'an empty upload',
      '',
      400,
      'the upload holds no queries: send one JSON object per line, { "query_id", "query", "candidates": [{ "id", "text" }] }',
    ],
    [
      'blank lines only',
      '\n\n',
      400,
      'the upload holds no queries: send one JSON object per line, { "query_id", "query", "candidates": [{ "id", "text" }] }',
    ],
  ])('answers %s with a 400 and creates nothing', async (_, body, status, message) => {
    const response = await submit(body);
    expect({ status: response.status, message: response.body.message }).toEqual({ status, message });
    await expectNothingCreated();
  });

  it('answers 415 saying what to send for another content type, and creates nothing', async () => {
    const response = await submit(JSON.stringify([inline('a')]), '', 'application/json');
    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(
      /^send the job as NDJSON, one query per line .* with content-type application\/x-ndjson \(or application\/jsonl\); got application\/json$/,
    );
    await expectNothingCreated();
  });

  it('answers 404 for an unknown model and 400 for a bad top_n, and creates nothing', async () => {
    const unknown = await submit(ndjson([inline('a')]), '?model=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('model "nope" is not served here; available models: tiny');
    for (const topN of ['0', '1.5', 'ten']) {
      const bad = await submit(ndjson([inline('a')]), `?top_n=${topN}`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('top_n must be a positive integer');
    }
    await expectNothingCreated();
  });

  it('answers 400 naming line 3 for a byte that is not UTF-8 there, and creates nothing', async () => {
    const body = Buffer.concat([
      Buffer.from(ndjson([inline('a'), inline('b')])),
      Buffer.from('{"query_id": "c", "query": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('", "candidates": [{"id": "x", "text": "y"}]}\n'),
    ]);
    const response = await submit(body);
    expect({ status: response.status, message: response.body.message }).toEqual({
      status: 400,
      message: 'line 3: is not valid UTF-8; nothing was enqueued',
    });
    await expectNothingCreated();
  });

  it('answers 400 for a top_n past its bound, naming the field and the limit, and creates nothing', async () => {
    for (const topN of ['1e308', '1000001']) {
      const response = await submit(ndjson([inline('a')]), `?top_n=${topN}`);
      expect({ status: response.status, message: response.body.message }).toEqual({
        status: 400,
        message: 'top_n must be at most 1000000',
      });
    }
    await expectNothingCreated();
  });

  it('answers a gzip upload that does not decompress with a 400, and an unknown content-encoding with a 415, creating nothing', async () => {
    const garbage = await submit(ndjson([inline('a')]), '', 'application/x-ndjson', { 'content-encoding': 'gzip' });
    expect({ status: garbage.status, message: garbage.body.message }).toEqual({
      status: 400,
      message: 'line 1: could not be decompressed as content-encoding "gzip" (incorrect header check); nothing was enqueued',
    });
    const unknown = await submit(ndjson([inline('a')]), '', 'application/x-ndjson', { 'content-encoding': 'compress' });
    expect({ status: unknown.status, message: unknown.body.message }).toEqual({
      status: 415,
      message: 'content-encoding "compress" is not supported; send the upload uncompressed or as gzip, deflate or br',
    });
    await expectNothingCreated();
  });

  // Runs after the checks above, which expect no job in Redis at all.
  it('queues a valid upload (application/jsonl too) and cancels it while no worker runs, leaving no batch waiting', async () => {
    const body = ndjson([inline('a', 3), inline('b', 6), { query_id: 'c', query: 'capital', collection: 'cities', candidates: ['paris'] }]);
    const accepted = await submit(body, '?top_n=2', 'application/jsonl');
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'queued', queries: 3, pairs: 10 });
    expect(accepted.location).toBe(`/v1/jobs/${accepted.body.id}`);
    const id = accepted.body.id as string;
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
    // Batches of at most RERANK_BULK_BATCH_PAIRS = 4: a (3) | b split 3 + 3, c joining b's second half.
    expect(await bulkQueue.getWaitingCount()).toBe(3);

    const status = await request('GET', `/v1/jobs/${id}`);
    expect(status).toEqual({
      status: 200,
      body: {
        id,
        state: 'queued',
        model: 'tiny',
        queries: 3,
        pairs: { done: 0, total: 10 },
        top_n: 2,
        created_at: expect.any(String),
        started_at: null,
        finished_at: null,
        pairs_per_second: null,
        eta_seconds: null,
      },
    });
    expect(Date.now() - Date.parse(status.body.created_at)).toBeLessThan(60_000);

    const results = await request('GET', `/v1/jobs/${id}/results`);
    expect(results.status).toBe(409);
    expect(results.body.message).toBe(`job ${id} is queued (0 of 10 pairs scored); results exist once a job has completed`);

    const cancelled = await request('DELETE', `/v1/jobs/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, state: 'cancelled', pairs: { done: 0, total: 10 }, finished_at: expect.any(String) });
    expect(await bulkQueue.getWaitingCount()).toBe(0);
    const again = await request('DELETE', `/v1/jobs/${id}`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`job ${id} is already cancelled; only a queued or running job can be cancelled`);
  });

  it('decompresses a gzip upload (content-encoding: gzip) and queues it as the same upload uncompressed', async () => {
    const accepted = await submit(gzipSync(ndjson([inline('g1', 3), inline('g2', 2)])), '', 'application/x-ndjson', {
      'content-encoding': 'gzip',
    });
    expect({ status: accepted.status, body: accepted.body }).toEqual({
      status: 202,
      body: { id: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'queued', queries: 2, pairs: 5 },
    });
    const cancelled = await request('DELETE', `/v1/jobs/${accepted.body.id}`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', queries: 2, pairs: { done: 0, total: 5 } });
    expect(await bulkQueue.getWaitingCount()).toBe(0);
  });

  it('answers 404 for an unknown job and 400 for an id that cannot be one', async () => {
    for (const method of ['GET', 'DELETE']) {
      const unknown = await request(method, '/v1/jobs/0123456789abcdef');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/^job 0123456789abcdef does not exist \(jobs are kept 604800 s, RERANK_JOB_TTL_SECONDS\)$/);
    }
    expect((await request('GET', '/v1/jobs/0123456789abcdef/results')).status).toBe(404);
    const garbage = await request('GET', '/v1/jobs/not:an*id');
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toBe('job id must be 1 to 64 letters, digits, "_" or "-"');
  });
});
