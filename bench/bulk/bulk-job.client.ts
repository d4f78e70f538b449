import type { RerankCall } from '../fleet/workload.generator';

export interface BulkJobStatus {
  id: string;
  state: string;
  pairs: { done: number; total: number };
  started_at: string | null;
  finished_at: string | null;
}

/** The NDJSON upload of `POST /v1/jobs`: one line per query, candidates with ids `d0…dN`. */
export function bulkUpload(calls: readonly RerankCall[]): string {
  return calls
    .map((call, q) => JSON.stringify({ query_id: `q${q}`, query: call.query, candidates: call.documents.map((text, d) => ({ id: `d${d}`, text })) }))
    .join('\n');
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function submitBulkJob(url: string, calls: readonly RerankCall[]): Promise<string> {
  const response = await fetch(`${url}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: bulkUpload(calls),
  });
  return (await json<{ id: string }>(response, 'POST /v1/jobs')).id;
}

export async function bulkJobStatus(url: string, id: string): Promise<BulkJobStatus> {
  return json<BulkJobStatus>(await fetch(`${url}/v1/jobs/${id}`), `GET /v1/jobs/${id}`);
}

export async function cancelBulkJob(url: string, id: string): Promise<void> {
  await fetch(`${url}/v1/jobs/${id}`, { method: 'DELETE' });
}

/** Polls until the job's state satisfies `until`; throws if it ends in another final state. */
export async function waitForBulkJob(url: string, id: string, until: (status: BulkJobStatus) => boolean): Promise<BulkJobStatus> {
  for (;;) {
    const status = await bulkJobStatus(url, id);
    if (until(status)) return status;
    if (['failed', 'cancelled', 'completed'].includes(status.state)) throw new Error(`bulk job ${id} ended ${status.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Pairs per second between the job's first stored score and its completion. */
export function bulkPairsPerSecond(status: BulkJobStatus): number | null {
  if (!status.started_at || !status.finished_at) return null;
  const seconds = (Date.parse(status.finished_at) - Date.parse(status.started_at)) / 1000;
  return seconds > 0 ? status.pairs.total / seconds : null;
}
