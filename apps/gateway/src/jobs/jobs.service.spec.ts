import { HttpException } from '@nestjs/common';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Request } from 'express';
import { GatewayConfig } from '@rerank/config';
import { BulkJobStore } from '@rerank/bulk-jobs';
import { RetrievalEngine } from '@rerank/retrieval';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { JobsService } from './jobs.service';

const upload = (lines: string, contentType = 'application/x-ndjson') =>
  Object.assign(Readable.from([lines]), {
    is: (types: string[]) => (types.includes(contentType) ? contentType : false),
    header: () => contentType,
  }) as unknown as Request;

const line = (id: string) => `${JSON.stringify({ query_id: id, query: 'q', candidates: [{ id: 'd', text: 't' }] })}\n`;

describe('JobsService.submit', () => {
  let dataDir: string;
  let calls: string[];
  let store: Record<string, jest.Mock>;
  let addBulk: jest.Mock;

  const service = () => {
    const config = {
      dataDir,
      maxQueryChars: 100,
      maxDocumentChars: 100,
      maxDocuments: 10,
      maxCandidates: 10,
      bodyLimitBytes: 10_000,
      bulkJobs: { maxPairs: 100, batchPairs: 1, ttlSeconds: 3600 },
    } as GatewayConfig;
    const queues = { resolveModel: (model?: string) => model ?? 'tiny', queueFor: () => ({ addBulk }) } as unknown as ScoreQueuesService;
    return new JobsService(config, {} as RetrievalEngine, queues, store as unknown as BulkJobStore);
  };
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: HttpException) => [error.getStatus(), error.message]);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobs-service-spec-'));
    calls = [];
    const record = (name: string) => jest.fn(async () => void calls.push(name));
    store = { create: record('create'), putManifests: record('putManifests'), fail: record('fail'), state: jest.fn(async () => 'queued') };
    addBulk = jest.fn(async () => void calls.push('addBulk'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the record before enqueueing, and removes its spool file', async () => {
    const accepted = await service().submit(upload(line('a') + line('b')), {}, 'req-1');
    expect(accepted).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'queued', queries: 2, pairs: 2 });
    expect(calls).toEqual(['create', 'putManifests', 'addBulk']);
    expect(store.create).toHaveBeenCalledWith(expect.objectContaining({ model: 'tiny', queries: 2, pairsTotal: 2, batches: 2, requestId: 'req-1' }));
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });

  it('fails the job and answers 503 when enqueueing breaks half-way', async () => {
    addBulk.mockRejectedValue(new Error('Connection is closed.'));
    const [status, message] = (await failure(service().submit(upload(line('a')), {}, 'r'))) as [number, string];
    expect(status).toBe(503);
    expect(message).toMatch(/^cannot enqueue job [0-9a-f]{32}: Connection is closed\.; the job was marked failed$/);
    expect(store.fail).toHaveBeenCalledWith(expect.any(String), 'enqueueing its batches failed: Connection is closed.');
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });

  it('answers 503 and enqueues nothing when the record cannot be created', async () => {
    store.create.mockRejectedValue(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(await failure(service().submit(upload(line('a')), {}, 'r'))).toEqual([
      503,
      "cannot create the job in Redis: Stream isn't writeable and enableOfflineQueue options is false",
    ]);
    expect(addBulk).not.toHaveBeenCalled();
  });

  it('touches no store for a bad line, an empty upload or another content type', async () => {
    expect(await failure(service().submit(upload(line('a') + '{'), {}, 'r'))).toEqual([400, 'line 2: is not valid JSON; nothing was enqueued']);
    expect((await failure(service().submit(upload(''), {}, 'r')))?.[0]).toBe(400);
    expect((await failure(service().submit(upload(line('a'), 'text/csv'), {}, 'r')))?.[0]).toBe(415);
    expect(calls).toEqual([]);
    expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
  });
});
