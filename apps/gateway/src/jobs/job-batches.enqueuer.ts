import { JobsOptions } from 'bullmq';
import { BulkBatchPayload, JobName, WindowingOptions, bulkBatchJobId } from '@rerank/contracts';
import { BulkJobState, ManifestEntry, isActive } from '@rerank/bulk-jobs';
import { jobOptionsFor } from '@rerank/queue';
import { BatchPlanner } from './batch-planner';
import { JobQuery } from './job-line';

/** The part of a BullMQ Queue the enqueuer needs. */
export interface BatchQueue {
  addBulk(jobs: { name: string; data: BulkBatchPayload; opts: JobsOptions }[]): Promise<unknown>;
}

/** The part of the bulk job store the enqueuer needs. */
export interface ManifestStore {
  putManifests(jobId: string, manifests: ReadonlyMap<number, ManifestEntry[]>): Promise<void>;
  state(jobId: string): Promise<BulkJobState | undefined>;
  extendEnqueueLease(jobId: string, until: number): Promise<void>;
}

export interface EnqueueOptions {
  /** RERANK_BULK_BATCH_PAIRS */
  batchPairs: number;
  /** Batches sent to Redis per round trip. */
  chunkBatches: number;
  /** Characters of text per round trip at most, so a chunk of long documents stays bounded too. */
  chunkChars: number;
  /** How far each chunk renews the job's enqueue lease. */
  leaseMs: number;
}

interface PendingBatch {
  batch: number;
  payload: BulkBatchPayload;
  manifest: ManifestEntry[];
  chars: number;
}

/**
 * Second pass of a job upload: packs the spooled queries into batches (the same
 * {@link BatchPlanner} as the first pass, so the batch count recorded at create matches) and
 * enqueues them in chunks: each chunk's manifests first, then its batches in one addBulk. Memory
 * holds one chunk. Between chunks it checks that the job is still active, so a job cancelled
 * while it is being enqueued stops growing.
 */
export class JobBatchEnqueuer {
  constructor(
    private readonly store: ManifestStore,
    private readonly queue: BatchQueue,
    private readonly options: EnqueueOptions,
  ) {}

  /** Returns the batches enqueued, and whether it stopped early because the job was no longer active. */
  async enqueue(
    jobId: string,
    model: string,
    queries: AsyncIterable<JobQuery>,
    windowing?: WindowingOptions,
  ): Promise<{ batches: number; stopped: boolean }> {
    const planner = new BatchPlanner(this.options.batchPairs);
    let chunk: PendingBatch[] = [];
    let chunkChars = 0;
    let open: PendingBatch | undefined;
    let enqueued = 0;

    const flush = async (): Promise<boolean> => {
      if (chunk.length === 0) return true;
      if (enqueued > 0 && !isActive(await this.store.state(jobId))) return false;
      await this.store.extendEnqueueLease(jobId, Date.now() + this.options.leaseMs);
      await this.store.putManifests(jobId, new Map(chunk.map((batch) => [batch.batch, batch.manifest])));
      await this.queue.addBulk(
        chunk
          .filter((batch) => batch.payload.queries.length > 0)
          .map((batch) => ({
            name: JobName.ScoreBulkBatch,
            data: batch.payload,
            opts: jobOptionsFor(JobName.ScoreBulkBatch, bulkBatchJobId(jobId, batch.batch)),
          })),
      );
      enqueued += chunk.length;
      chunk = [];
      chunkChars = 0;
      return true;
    };
    const close = async (): Promise<boolean> => {
      if (!open) return true;
      chunk.push(open);
      chunkChars += open.chars;
      open = undefined;
      return chunk.length >= this.options.chunkBatches || chunkChars >= this.options.chunkChars ? flush() : true;
    };

    let queryIndex = 0;
    for await (const query of queries) {
      for (const slice of planner.place(query.candidates.length)) {
        if (open && open.batch !== slice.batch && !(await close())) return { batches: enqueued, stopped: true };
        open ??= {
          batch: slice.batch,
          payload: { jobId, batch: slice.batch, model, queries: [], ...(windowing && { windowing }) },
          manifest: [],
          chars: 0,
        };
        open.manifest.push([queryIndex, query.queryId, query.candidates.length]);
        const candidates = query.candidates.slice(slice.start, slice.end);
        if (candidates.length > 0) open.payload.queries.push({ queryIndex, query: query.query, candidates });
        open.chars += query.query.length + candidates.reduce((sum, candidate) => sum + candidate.text.length, 0);
      }
      queryIndex++;
    }
    if (!(await close()) || !(await flush())) return { batches: enqueued, stopped: true };
    return { batches: enqueued, stopped: false };
  }
}
