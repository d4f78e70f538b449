import { BulkJobRecord, ManifestEntry } from '@rerank/bulk-jobs';
import { formatTrecRun } from '@rerank/retrieval';
import { sigmoid } from '@rerank/scoring/ranking';

export type ResultsFormat = 'ndjson' | 'trec';

/** One ranked candidate of a query. */
export interface RankedCandidate {
  id: string;
  logit: number;
}

/** The part of the bulk job store results are read from. */
export interface ResultsStore {
  manifest(jobId: string, batch: number): Promise<ManifestEntry[] | undefined>;
  queryScores(jobId: string, queryIndex: number): Promise<Map<string, number>>;
}

/**
 * A query's scores best first, cut to `topN`. Equal logits are ordered by id, so the same
 * job always gives the same file (Redis returns a hash's fields in no useful order).
 */
export function rankScores(scores: ReadonlyMap<string, number>, topN?: number): RankedCandidate[] {
  const ranked = [...scores].map(([id, logit]) => ({ id, logit }));
  ranked.sort((a, b) => b.logit - a.logit || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return topN === undefined ? ranked : ranked.slice(0, topN);
}

/** A scored job's results went missing (expired, or deleted by hand) while they were read. */
export class ResultsMissingError extends Error {
  override readonly name = 'ResultsMissingError';
}

/**
 * The results of a completed job, one chunk of text per query in upload order: an NDJSON line
 * `{ query_id, results: [{ id, relevance_score, rank }] }` or that query's TREC run lines.
 * Reads batch by batch through the manifests (a query split over batches is emitted once, at
 * its first batch), so memory holds one batch's queries, never the job.
 */
export async function* jobResultLines(store: ResultsStore, job: BulkJobRecord, format: ResultsFormat, tag: string): AsyncGenerator<string> {
  let next = 0;
  for (let batch = 0; batch < job.batches; batch++) {
    const manifest = await store.manifest(job.id, batch);
    if (!manifest) throw new ResultsMissingError(`the manifest of batch ${batch} of job ${job.id} is gone`);
    const fresh = manifest.filter(([queryIndex]) => queryIndex >= next);
    // Fetched together: ioredis pipelines the concurrent commands into one round trip.
    const scores = await Promise.all(fresh.map(([queryIndex]) => store.queryScores(job.id, queryIndex)));
    for (const [i, [queryIndex, queryId, candidates]] of fresh.entries()) {
      if (scores[i].size !== candidates) {
        throw new ResultsMissingError(`query ${queryId} of job ${job.id} has ${scores[i].size} of its ${candidates} scores`);
      }
      const ranked = rankScores(scores[i], job.topN);
      yield format === 'trec'
        ? formatTrecRun(new Map([[queryId, ranked.map(({ id, logit }) => ({ id, score: sigmoid(logit) }))]]), tag)
        : `${JSON.stringify({
            query_id: queryId,
            results: ranked.map(({ id, logit }, rank) => ({ id, relevance_score: sigmoid(logit), rank: rank + 1 })),
          })}\n`;
      next = queryIndex + 1;
    }
  }
}
