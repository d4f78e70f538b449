import { RedisClient, runScript } from '@rerank/queue';
import { bulkJobKeys } from '@rerank/contracts';
import { BULK_JOB_STATES, BulkJobRecord, BulkJobState, ManifestEntry, NewBulkJob, QueryScores, StoreOutcome } from './bulk-job';
import { readBulkJobRecord, readManifest, readQueryScores } from './bulk-job.records';
import { FINISH_SCRIPT, STORE_SCORES_SCRIPT } from './bulk-job.scripts';

function toState(value: unknown): BulkJobState | undefined {
  return BULK_JOB_STATES.includes(value as BulkJobState) ? (value as BulkJobState) : undefined;
}

/**
 * A bulk job's state, manifests and scores in Redis, shared by the gateway (which creates,
 * reports, cancels and reads results) and the workers (which store scores). Every key of a job
 * expires `ttlSeconds` after the job was created.
 */
export class BulkJobStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** This store's keys; on a cluster each job's keys share one slot. */
  private readonly keys = {
    record: (jobId: string) => bulkJobKeys.record(this.prefix, jobId, this.redis.isCluster),
    manifest: (jobId: string, batch: number) => bulkJobKeys.manifest(this.prefix, jobId, batch, this.redis.isCluster),
    scores: (jobId: string, queryIndex: number) => bulkJobKeys.scores(this.prefix, jobId, queryIndex, this.redis.isCluster),
  };

  /** Records a new job as `queued`; its batches must be enqueued after this, never before. */
  async create(job: NewBulkJob): Promise<void> {
    const key = this.keys.record(job.id);
    const fields: Record<string, string | number> = {
      id: job.id,
      state: 'queued',
      model: job.model,
      queries: job.queries,
      pairsTotal: job.pairsTotal,
      pairsDone: 0,
      batches: job.batches,
      requestId: job.requestId,
      createdAt: job.createdAt,
    };
    if (job.topN !== undefined) fields.topN = job.topN;
    if (job.enqueueLeaseUntil !== undefined) fields.enqueueLeaseUntil = job.enqueueLeaseUntil;
    await this.redis.multi().hset(key, fields).expire(key, this.ttlSeconds).exec();
  }

  /** Stores the manifests of consecutive batches (which queries each holds), one small value per batch. */
  async putManifests(jobId: string, manifests: ReadonlyMap<number, ManifestEntry[]>): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [batch, entries] of manifests) {
      pipeline.set(this.keys.manifest(jobId, batch), JSON.stringify(entries), 'EX', this.ttlSeconds);
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure?.[0]) throw failure[0];
  }

  /** The job's record; undefined when there is no such job. Throws UnreadableBulkJobError for a record this version cannot read. */
  async get(jobId: string): Promise<BulkJobRecord | undefined> {
    return readBulkJobRecord(jobId, await this.redis.hgetall(this.keys.record(jobId)));
  }

  /** Renews the enqueueing gateway's lease on a job that is still being enqueued. */
  async extendEnqueueLease(jobId: string, until: number): Promise<void> {
    await this.redis.hset(this.keys.record(jobId), 'enqueueLeaseUntil', until);
  }

  /** Records that every batch of the job is enqueued: no lease is needed any more. */
  async markEnqueued(jobId: string): Promise<void> {
    await this.redis.hdel(this.keys.record(jobId), 'enqueueLeaseUntil');
  }

  async state(jobId: string): Promise<BulkJobState | undefined> {
    return toState(await this.redis.hget(this.keys.record(jobId), 'state'));
  }

  /**
   * Stores scores once per (job, query, document): a pair stored before (a batch run twice
   * after a crash or a stalled-job retry) keeps its first score and is not counted again.
   * Nothing is stored for a job that is no longer active.
   */
  async storeScores(jobId: string, slices: readonly QueryScores[], now = Date.now()): Promise<StoreOutcome> {
    const keys = [this.keys.record(jobId), ...slices.map((slice) => this.keys.scores(jobId, slice.queryIndex))];
    const args: (string | number)[] = [now];
    for (const slice of slices) {
      args.push(slice.scores.length);
      for (const [id, logit] of slice.scores) args.push(id, String(logit));
    }
    const [written, pairsDone, state] = (await runScript(this.redis, STORE_SCORES_SCRIPT, keys, args)) as [number, number, string];
    return { written, pairsDone, state: toState(state) };
  }

  /**
   * Waits until a replica has every write this connection made so far (Redis WAIT), at most
   * `timeoutMs`; returns how many replicas have. Replication is asynchronous, so without this a
   * failover right after a job was accepted could lose its record or batches.
   */
  async awaitReplica(timeoutMs: number): Promise<number> {
    return Number(await this.redis.call('WAIT', 1, timeoutMs));
  }

  /** Cancels an active job; returns the state it had (undefined: no such job). */
  async cancel(jobId: string, now = Date.now()): Promise<BulkJobState | undefined> {
    return this.finish(jobId, 'cancelled', '', now);
  }

  /** Fails an active job for good, keeping the reason for its status. */
  async fail(jobId: string, reason: string, now = Date.now()): Promise<BulkJobState | undefined> {
    return this.finish(jobId, 'failed', reason, now);
  }

  async manifest(jobId: string, batch: number): Promise<ManifestEntry[] | undefined> {
    const value = await this.redis.get(this.keys.manifest(jobId, batch));
    return value === null ? undefined : readManifest(jobId, batch, value);
  }

  /** One query's stored scores: candidate id → logit. */
  async queryScores(jobId: string, queryIndex: number): Promise<Map<string, number>> {
    return readQueryScores(jobId, queryIndex, await this.redis.hgetall(this.keys.scores(jobId, queryIndex)));
  }

  private async finish(jobId: string, state: 'cancelled' | 'failed', reason: string, now: number): Promise<BulkJobState | undefined> {
    const before = await runScript(this.redis, FINISH_SCRIPT, [this.keys.record(jobId)], [state, now, reason]);
    return toState(before);
  }
}
