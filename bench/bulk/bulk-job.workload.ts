import { JobStatus, JobsApiError, JobsClient } from '../../tools/rescore/jobs-client';
import type { RerankCall } from '../fleet/workload.generator';

/** The NDJSON upload of `POST /v1/jobs`: one line per query, candidates with ids `d0…dN`. */
export function bulkUpload(calls: readonly RerankCall[]): string {
  return calls
    .map((call, q) =>
      JSON.stringify({ query_id: `q${q}`, query: call.query, candidates: call.documents.map((text, d) => ({ id: `d${d}`, text })) }),
    )
    .join('\n');
}

export async function submitBulkJob(client: JobsClient, calls: readonly RerankCall[]): Promise<string> {
  return (await client.submit({ ndjson: bulkUpload(calls) })).id;
}

/** Cancels a job that may have ended meanwhile (the gateway then answers 409, which is fine here). */
export async function cancelBulkJob(client: JobsClient, id: string): Promise<void> {
  await client.cancel(id).catch((error: unknown) => {
    if (!(error instanceof JobsApiError)) throw error;
  });
}

/** Polls every 200 ms until the job's state satisfies `until`; throws if it ends in another final state. */
export async function waitForBulkJob(client: JobsClient, id: string, until: (status: JobStatus) => boolean): Promise<JobStatus> {
  for (;;) {
    const status = await client.status(id);
    if (until(status)) return status;
    if (['failed', 'cancelled', 'completed'].includes(status.state)) throw new Error(`bulk job ${id} ended ${status.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Pairs per second between the job's first stored score and its completion. */
export function bulkPairsPerSecond(status: Pick<JobStatus, 'pairs' | 'started_at' | 'finished_at'>): number | null {
  if (!status.started_at || !status.finished_at) return null;
  const seconds = (Date.parse(status.finished_at) - Date.parse(status.started_at)) / 1000;
  return seconds > 0 ? status.pairs.total / seconds : null;
}
