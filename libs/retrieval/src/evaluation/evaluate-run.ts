import { averagePrecision, ndcgAt, recallAt, reciprocalRankAt } from './metrics';

/** Query id → document id → judged relevance level. */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Query id → ranked document ids, best first. */
export type Run = ReadonlyMap<string, readonly string[]>;

export interface RunMetrics {
  'ndcg@10': number;
  'mrr@10': number;
  'recall@100': number;
  map: number;
}

/**
 * Means over every judged query, a query missing from the run scoring 0 on all metrics (what
 * trec_eval reports with -c). Per-query values follow trec_eval's definitions (see metrics.ts).
 */
export function evaluateRun(run: Run, qrels: Qrels): RunMetrics {
  const totals: RunMetrics = { 'ndcg@10': 0, 'mrr@10': 0, 'recall@100': 0, map: 0 };
  for (const [queryId, judgments] of qrels) {
    const ranking = run.get(queryId) ?? [];
    totals['ndcg@10'] += ndcgAt(ranking, judgments, 10);
    totals['mrr@10'] += reciprocalRankAt(ranking, judgments, 10);
    totals['recall@100'] += recallAt(ranking, judgments, 100);
    totals.map += averagePrecision(ranking, judgments);
  }
  const queries = Math.max(qrels.size, 1);
  return {
    'ndcg@10': totals['ndcg@10'] / queries,
    'mrr@10': totals['mrr@10'] / queries,
    'recall@100': totals['recall@100'] / queries,
    map: totals.map / queries,
  };
}
