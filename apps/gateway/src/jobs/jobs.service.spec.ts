import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Request } from 'express';
import { GatewayConfig } from '@rerank/config';
import { BulkJobRecord, BulkJobStore } from '@rerank/bulk-jobs';
import { RetrievalEngine } from '@rerank/retrieval';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { JobsService } from './jobs.service';
import { answerFor } from '../common/all-exceptions.filter';

const upload = (lines: string | Buffer, contentType = 'application/x-ndjson', contentEncoding?: string) =>
  Object.assign(Readable.from([lines]), {
    is: (types: string[]) => (types.includes(contentType) ? contentType : false),
    header: () => contentType,
    headers: { 'content-type': contentType, 'content-encoding': contentEncoding },
  }) as unknown as Request;

const line = (id: string) => `${JSON.stringify({ query_id: id, query: 'q', candidates: [{ id: 'd', text: 't' }] })}\n`;

describe('JobsService.submit', () => {
  let dataDir: string;
  let calls: string[];
  let store: Record<string, jest.Mock>;
  let addBulk: jest.Mock;

  const service = (redis: GatewayConfig['redis'] = { mode: 'single', url: 'redis://127.0.0.1:6379' }) => {
    const config = {
      redis,
      dataDir,
      maxQueryChars: 100,
      maxDocumentChars: 100,
      maxDocuments: 10,
      maxCandidates: 10,
      bodyLimitBytes: 10_000,
      maxChunksPerDoc: 8,
      bulkJobs: { maxPairs: 100, batchPairs: 1, ttlSeconds: 3600 },
    } as GatewayConfig;
    const queues = { resolveModel: (model?: string) => model ?? 'tiny', queueFor: () => ({ addBulk }) } as unknown as ScoreQueuesService;
    return new JobsService(
      config,
      {} as RetrievalEngine,
      queues,
      store as unknown as BulkJobStore,
      { assertKind: async () => undefined } as unknown as FleetModelsService,
    );
  };
  // As the client sees it: through the exception filter, which answers for Redis away.
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => [answerFor(error).status, answerFor(error).message],
    );

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobs-service-spec-'));
    calls = [];
    const record = (name: string) => jest.fn(async () => void calls.push(name));
    store = {
      create: record('create'),
      putManifests: record('putManifests'),
      extendEnqueueLease: record('lease'),
      markEnqueued: record('enqueued'),
      fail: record('fail'),
      state: jest.fn(async () => 'queued'),
      awaitReplica: jest.fn(async () => {
        calls.push('awaitReplica');
        return 1;
      }),
    };
    addBulk = jest.fn(async () => void calls.push('addBulk'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the record before enqueueing, and removes its spool file', async () => {
    const accepted = await service().submit(upload(line('a') + line('b')), {}, 'req-1');
    expect(accepted).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'queued', queries: 2, pairs: 2 });
    expect(calls).toEqual(['create', 'lease', 'putManifests', 'addBulk', 'enqueued']);
    expect(store.create).toHaveBeenCalledWith(
      expect.objectContaining({ model: 'tiny', queries: 2, pairsTotal: 2, batches: 2, requestId: 'req-1' }),
    );
    const { createdAt, enqueueLeaseUntil } = store.create.mock.calls[0][0] as { createdAt: number; enqueueLeaseUntil: number };
    expect(enqueueLeaseUntil - createdAt).toBe(60_000);
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });

  it('answers only once a replica holds the enqueued job behind Sentinel, and never waits on a single server', async () => {
    const sentinel = { mode: 'sentinel' as const, url: 'redis://x:1', sentinels: [{ host: 's', port: 26379 }], masterName: 'm' };
    await service(sentinel).submit(upload(line('a')), {}, 'req-1');
    expect(calls).toEqual(['create', 'lease', 'putManifests', 'addBulk', 'enqueued', 'awaitReplica']);
    expect(store.awaitReplica).toHaveBeenCalledWith(1000);
    calls = [];
    await service().submit(upload(line('a')), {}, 'req-2');
    expect(calls).not.toContain('awaitReplica');
  });

  it('fails the job and answers 503 when enqueueing breaks half-way', async () => {
    addBulk.mockRejectedValue(new Error('Connection is closed.'));
    const [status, message] = (await failure(service().submit(upload(line('a')), {}, 'r'))) as [number, string];
    expect(status).toBe(503);
    expect(message).toMatch(/^cannot enqueue job [0-9a-f]{32}: Redis became unreachable; the job was marked failed, submit it again$/);
    expect(store.fail).toHaveBeenCalledWith(expect.any(String), 'enqueueing its batches failed: Connection is closed.');
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });

  it('answers 503 and enqueues nothing when the record cannot be created', async () => {
    store.create.mockRejectedValue(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(await failure(service().submit(upload(line('a')), {}, 'r'))).toEqual([
      503,
      expect.stringMatching(
        /^cannot reach Redis, where the queues, bulk jobs and worker heartbeats live, so nothing was done; retry after [1-3] s$/,
      ),
    ]);
    expect(addBulk).not.toHaveBeenCalled();
  });

  it('touches no store for a bad line, an empty upload or another content type', async () => {
    expect(await failure(service().submit(upload(line('a') + '{'), {}, 'r'))).toEqual([
      400,
      'line 2: is not valid JSON; nothing was enqueued',
    ]);
    expect((await failure(service().submit(upload(''), {}, 'r')))?.[0]).toBe(400);
    expect((await failure(service().submit(upload(line('a'), 'text/csv'), {}, 'r')))?.[0]).toBe(415);
    expect(calls).toEqual([]);
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });

  it('reads a gzip upload, and touches no store for bytes that are not UTF-8 or an encoding it cannot read', async () => {
    const accepted = await service().submit(upload(gzipSync(line('a') + line('b')), 'application/x-ndjson', 'gzip'), {}, 'r');
    expect(accepted).toMatchObject({ queries: 2, pairs: 2 });
    calls.length = 0;
    const notUtf8 = Buffer.concat([Buffer.from(line('a') + line('b')), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]);
    expect(await failure(service().submit(upload(notUtf8), {}, 'r'))).toEqual([400, 'line 3: is not valid UTF-8; nothing was enqueued']);
    expect(await failure(service().submit(upload(line('a'), 'application/x-ndjson', 'zstd'), {}, 'r'))).toEqual([
      415,
      'content-encoding "zstd" is not supported; send the upload uncompressed or as gzip, deflate or br',
    ]);
    expect(calls).toEqual([]);
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });
});

describe('JobsService reading a job whose gateway died while enqueueing it', () => {
  const record = (overrides: Partial<BulkJobRecord>): BulkJobRecord => ({
    id: 'j1',
    state: 'queued',
    model: 'tiny',
    queries: 2,
    pairsTotal: 20,
    pairsDone: 0,
    batches: 2,
    requestId: 'r',
    createdAt: 1_000,
    ...overrides,
  });

  function serviceWith(stored: BulkJobRecord[], queued = 2, failedBatches: string[] = []) {
    const remove = jest.fn(async () => 1);
    const store = {
      get: jest.fn(async () => stored.shift()),
      fail: jest.fn(async () => 'queued'),
    };
    const getJobCounts = async () => ({ waiting: queued, active: 0, delayed: 0, prioritized: 0, paused: 0, 'waiting-children': 0 });
    const getFailed = async () => failedBatches.map((id) => ({ id }));
    const queues = { queueFor: () => ({ remove, getJobCounts, getFailed }) } as unknown as ScoreQueuesService;
    const config = { dataDir: tmpdir(), bulkJobs: { maxPairs: 100, batchPairs: 10, ttlSeconds: 3600 } } as GatewayConfig;
    return {
      service: new JobsService(
        config,
        {} as RetrievalEngine,
        queues,
        store as unknown as BulkJobStore,
        { assertKind: async () => undefined } as unknown as FleetModelsService,
      ),
      store,
      remove,
    };
  }

  it('fails it and removes its batches once the enqueue lease has run out', async () => {
    const failedReason = 'the gateway enqueueing its batches stopped before enqueueing all of them; submit the job again';
    const { service, store, remove } = serviceWith([
      record({ enqueueLeaseUntil: Date.now() - 1 }),
      record({ state: 'failed', failedReason, finishedAt: Date.now() }),
    ]);
    const status = await service.status('j1');
    expect(status).toMatchObject({ state: 'failed', failed_reason: failedReason });
    expect(store.fail).toHaveBeenCalledWith('j1', failedReason);
    expect(remove.mock.calls).toEqual([['bulk.j1.0'], ['bulk.j1.1']]);
  });

  it('leaves it alone while the lease holds, or once every batch is enqueued', async () => {
    for (const job of [record({ enqueueLeaseUntil: Date.now() + 60_000 }), record({})]) {
      const { service, store } = serviceWith([job]);
      expect(await service.status('j1')).toMatchObject({ state: 'queued' });
      expect(store.fail).not.toHaveBeenCalled();
    }
  });

  it('fails a fully enqueued job whose batches are gone from the queue with pairs unscored, saying why', async () => {
    const failedReason = '12 of 20 pairs were in batches no longer in Redis (lost in a Redis failover or restart); submit the job again';
    const running = record({ state: 'running', pairsDone: 8 });
    const { service, store } = serviceWith(
      [running, running, record({ state: 'failed', pairsDone: 8, failedReason, finishedAt: Date.now() })],
      0,
    );
    expect(await service.status('j1')).toMatchObject({ state: 'failed', failed_reason: failedReason });
    expect(store.fail).toHaveBeenCalledWith('j1', failedReason);
  });

  it('leaves a running job alone while batches are queued, or when its last batch completed it meanwhile', async () => {
    const queuedStill = serviceWith([record({ state: 'running', pairsDone: 8 })], 1);
    expect(await queuedStill.service.status('j1')).toMatchObject({ state: 'running' });
    const justDone = serviceWith(
      [record({ state: 'running', pairsDone: 8 }), record({ state: 'completed', pairsDone: 20, finishedAt: Date.now() })],
      0,
    );
    expect(await justDone.service.status('j1')).toMatchObject({ state: 'completed' });
    // A batch of its own that just failed for good: the worker fails the job with that batch's reason.
    const batchFailed = serviceWith([record({ state: 'running', pairsDone: 8 })], 0, ['bulk.other.0', 'bulk.j1.1']);
    expect(await batchFailed.service.status('j1')).toMatchObject({ state: 'running' });
    expect([queuedStill, justDone, batchFailed].every(({ store }) => store.fail.mock.calls.length === 0)).toBe(true);
  });
});
