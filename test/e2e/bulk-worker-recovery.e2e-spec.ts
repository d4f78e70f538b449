import { loadDirectScorer } from '../support/direct-scorer';
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { BulkBatchPayload, BulkBatchResult, JobName, Lane, bulkBatchJobId, scoreQueueName } from '@rerank/contracts';
import { modelNameFor } from '@rerank/config';
import { BulkJobStore, ManifestEntry } from '@rerank/bulk-jobs';
import { createRedisConnection, jobOptionsFor } from '@rerank/queue';
import { CrossEncoderScorer } from '@rerank/scoring';
import { FleetProcess, READY_LINE } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder } from '../../tools/fleet/fleet-housekeeping';
import { makeDocuments } from '../support/documents';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TEST_REDIS_URL } from '../support/redis';
import { waitUntil } from '../support/wait-until';

const MODEL = modelNameFor(TINY_FIXTURE_DIR);
const BATCH_PAIRS = 64;

interface BulkQuery {
  queryId: string;
  query: string;
  candidates: { id: string; text: string }[];
}

/** Queries of `candidates` documents each; with 64 pairs a batch, most queries straddle two batches. */
function makeQueries(count: number, candidates: number): BulkQuery[] {
  return Array.from({ length: count }, (_, q) => ({
    queryId: `q-${q}`,
    query: `query ${q} berlin river museum`,
    candidates: makeDocuments(candidates, q + 1).map((text, i) => ({ id: `d${q}-${i}`, text })),
  }));
}

/** Cuts the queries' pairs, in order, into batches of at most BATCH_PAIRS, as the gateway does. */
function cutBatches(jobId: string, queries: BulkQuery[]): BulkBatchPayload[] {
  const batches: BulkBatchPayload[] = [];
  let current: BulkBatchPayload | undefined;
  let pairs = 0;
  queries.forEach((query, queryIndex) => {
    for (const candidate of query.candidates) {
      if (!current || pairs === BATCH_PAIRS) {
        current = { jobId, batch: batches.length, model: MODEL, queries: [] };
        batches.push(current);
        pairs = 0;
      }
      let slice = current.queries[current.queries.length - 1];
      if (slice?.queryIndex !== queryIndex) {
        slice = { queryIndex, query: query.query, candidates: [] };
        current.queries.push(slice);
      }
      slice.candidates.push(candidate);
      pairs++;
    }
  });
  return batches;
}

/** The bulk lane of one fleet prefix, fed straight from the test as the gateway would feed it. */
class BulkLane {
  readonly prefix = `test-${randomUUID()}`;
  /** BullMQ leaves connections it was given open on close, so they are kept here to end them. */
  private readonly connections = [0, 1, 2].map(() => createRedisConnection(TEST_REDIS_URL, 'consumer'));
  readonly store = new BulkJobStore(this.connections[0], this.prefix, 3600);
  readonly queue = new Queue(scoreQueueName(MODEL, Lane.Bulk), { connection: this.connections[1], prefix: this.prefix });
  readonly events = new QueueEvents(scoreQueueName(MODEL, Lane.Bulk), { connection: this.connections[2], prefix: this.prefix });
  readonly workers: FleetProcess[] = [];
  /** Return values of completed batches, by BullMQ job id. */
  readonly results = new Map<string, BulkBatchResult>();
  stalled = 0;

  constructor() {
    this.events.on('completed', ({ jobId, returnvalue }) => {
      const value: unknown = returnvalue;
      this.results.set(jobId, (typeof value === 'string' ? JSON.parse(value) : value) as BulkBatchResult);
    });
    this.events.on('stalled', () => this.stalled++);
  }

  async startWorkers(count: number, env: Record<string, string>): Promise<void> {
    const started = Array.from({ length: count }, () =>
      FleetProcess.start('worker', {
        env: {
          ...process.env,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: this.prefix,
          RERANK_MODEL: TINY_FIXTURE_DIR,
          ORT_INTRA_OP_THREADS: '1',
          ...env,
        },
      }),
    );
    this.workers.push(...started);
    await this.events.waitUntilReady();
    await Promise.all(started.map((worker) => worker.waitForLine(READY_LINE.worker, 30_000)));
  }

  /** Records the job, its manifests, then its batches, in the order the gateway must. */
  async submit(queries: BulkQuery[], mangle = (batch: BulkBatchPayload) => batch): Promise<{ id: string; batches: BulkBatchPayload[] }> {
    const id = randomUUID().replaceAll('-', '');
    const batches = cutBatches(id, queries).map(mangle);
    const pairsTotal = queries.reduce((sum, query) => sum + query.candidates.length, 0);
    await this.store.create({
      id,
      model: MODEL,
      queries: queries.length,
      pairsTotal,
      batches: batches.length,
      requestId: 'test',
      createdAt: Date.now(),
    });
    const manifests = new Map<number, ManifestEntry[]>(
      batches.map((batch) => [
        batch.batch,
        batch.queries.map((slice): ManifestEntry => [
          slice.queryIndex,
          queries[slice.queryIndex].queryId,
          queries[slice.queryIndex].candidates.length,
        ]),
      ]),
    );
    await this.store.putManifests(id, manifests);
    await this.queue.addBulk(
      batches.map((batch) => ({
        name: JobName.ScoreBulkBatch,
        data: batch,
        opts: jobOptionsFor(JobName.ScoreBulkBatch, bulkBatchJobId(id, batch.batch)),
      })),
    );
    return { id, batches };
  }

  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
    return waitUntil(() => `${what} did not happen:\n${this.workers.map((w) => w.output).join('\n')}`, probe, { timeoutMs });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGKILL')));
    await this.events.close();
    await this.queue.close();
    for (const connection of this.connections) connection.disconnect();
    await deleteKeysUnder(TEST_REDIS_URL, this.prefix);
  }
}

describe('a bulk job whose worker is killed mid-way', () => {
  let lane: BulkLane;
  let scorer: CrossEncoderScorer;

  beforeAll(async () => {
    lane = new BulkLane();
    // Two batches in hand per worker, so the killed one certainly holds work; a short stalled
    // interval (and lock) so its batches are handed on within about a second.
    await lane.startWorkers(2, { WORKER_STALLED_INTERVAL_MS: '1000', WORKER_BULK_CONCURRENCY: '2' });
    scorer = await loadDirectScorer({ batch: { maxTokens: 4096, maxRows: 64, maxWaitMs: 0, roundTokens: 16_384 } });
  });

  afterAll(async () => {
    await lane?.stop();
    await scorer?.release();
  });

  it('completes with every pair stored exactly once, with the scores of scoring them directly', async () => {
    const queries = makeQueries(60, 50);
    const { id, batches } = await lane.submit(queries);
    const [victim, survivor] = lane.workers;

    // Both workers hold a batch (each takes one at a time), so the kill takes one in hand with it.
    await lane.waitFor('both workers holding a batch', async () => ((await lane.queue.getActiveCount()) >= 2 ? true : undefined));
    await lane.waitFor('a third of the pairs', async () => (((await lane.store.get(id))?.pairsDone ?? 0) >= 1000 ? true : undefined));
    await victim.stop('SIGKILL');
    const atKill = await lane.store.get(id);
    expect(atKill?.pairsDone).toBeLessThan(3000);

    const done = await lane.waitFor('completion', async () => {
      const job = await lane.store.get(id);
      return job?.state === 'completed' ? job : undefined;
    });
    expect(done).toMatchObject({ pairsTotal: 3000, pairsDone: 3000, batches: batches.length });
    // The killed worker's batches in hand were handed on, not lost and not failed.
    expect(lane.stalled).toBeGreaterThan(0);
    expect(await lane.queue.getFailedCount()).toBe(0);
    expect(survivor.output).toMatch(/bulk batch scored/);

    for (const [queryIndex, query] of queries.entries()) {
      const stored = await lane.store.queryScores(id, queryIndex);
      expect([...stored.keys()].sort()).toEqual(query.candidates.map((candidate) => candidate.id).sort());
      const direct = await scorer.score(
        query.query,
        query.candidates.map((candidate) => candidate.text),
      );
      query.candidates.forEach((candidate, i) => {
        expect(Math.abs((stored.get(candidate.id) as number) - direct.logits[i])).toBeLessThan(1e-4);
      });
    }
  }, 180_000);
});

describe('a bulk job cancelled or failed before it is done', () => {
  let lane: BulkLane;

  beforeAll(async () => {
    lane = new BulkLane();
    await lane.startWorkers(1, { WORKER_BULK_CONCURRENCY: '1' });
  });

  afterAll(async () => lane?.stop());

  it('skips its remaining batches: none is scored or stored once it is cancelled', async () => {
    const { id, batches } = await lane.submit(makeQueries(40, 50));
    await lane.waitFor('a first stored batch', async () => ((await lane.store.get(id))?.pairsDone ? true : undefined));

    expect(await lane.store.cancel(id)).toBe('running');
    const atCancel = (await lane.store.get(id))?.pairsDone as number;
    await lane.waitFor('every batch to finish', async () => (lane.results.size === batches.length ? true : undefined));

    const job = await lane.store.get(id);
    expect(job).toMatchObject({ state: 'cancelled', pairsDone: atCancel, pairsTotal: 2000 });
    expect(atCancel).toBeLessThan(2000);
    const results = [...lane.results.values()];
    const skipped = results.filter((result) => result.skipped);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((result) => result.written === 0)).toBe(true);
    expect(results.reduce((sum, result) => sum + result.written, 0)).toBe(atCancel);
    let stored = 0;
    for (let queryIndex = 0; queryIndex < 40; queryIndex++) stored += (await lane.store.queryScores(id, queryIndex)).size;
    expect(stored).toBe(atCancel);
    // Batches found cancelled before scoring say so in the worker's log line.
    expect(lane.workers[0].output).toMatch(
      /"msg":"bulk batch skipped","jobId":"[0-9a-f]+","batch":\d+,"model":"tiny","pairs":\d+,"written":0/,
    );
  }, 120_000);

  it('fails the job, with the reason, when one of its batches can never be scored', async () => {
    const { id } = await lane.submit(makeQueries(4, 50), (batch) => (batch.batch === 1 ? { ...batch, model: 'elsewhere' } : batch));

    const failed = await lane.waitFor('the job to fail', async () => {
      const job = await lane.store.get(id);
      return job?.state === 'failed' ? job : undefined;
    });
    expect(failed.failedReason).toBe(
      'batch 1 failed after 1 attempt(s): invalid score-bulk-batch payload: model "elsewhere" does not belong on the bulk queue of "tiny"',
    );
    expect(failed.pairsDone).toBeLessThan(200);
  }, 60_000);
});
