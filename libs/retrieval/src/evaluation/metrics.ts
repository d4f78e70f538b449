/**
 * Ranking metrics with trec_eval's definitions. A ranking is a list of document ids, best
 * first; judgments map a document id to its judged relevance level. A document is relevant when
 * its level is at least 1 (trec_eval's default relevance level); unjudged documents count as
 * not relevant.
 */
export type Judgments = ReadonlyMap<string, number>;

const isRelevant = (judgments: Judgments, id: string) => (judgments.get(id) ?? 0) >= 1;

function relevantCount(judgments: Judgments): number {
  let count = 0;
  for (const level of judgments.values()) if (level >= 1) count++;
  return count;
}

/** DCG of the first k gains with trec_eval's log2(rank + 1) discount (rank from 1). */
function dcg(gains: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) if (gains[i] > 0) sum += gains[i] / Math.log2(i + 2);
  return sum;
}

/**
 * trec_eval's `ndcg_cut.k`: the gain is the judged level itself (not 2^level - 1), and the
 * ideal ranking orders every judged document of the query by level. 0 when nothing is relevant.
 */
export function ndcgAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const ideal = dcg(
    [...judgments.values()].sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return (
    dcg(
      ranking.slice(0, k).map((id) => judgments.get(id) ?? 0),
      k,
    ) / ideal
  );
}

/** Reciprocal rank of the first relevant document within the top k; 0 when there is none. */
export function reciprocalRankAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const position = ranking.slice(0, k).findIndex((id) => isRelevant(judgments, id));
  return position < 0 ? 0 : 1 / (position + 1);
}

/** Share of the query's relevant documents found in the top k (trec_eval's `recall.k`). */
export function recallAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const relevant = relevantCount(judgments);
  if (relevant === 0) return 0;
  return ranking.slice(0, k).filter((id) => isRelevant(judgments, id)).length / relevant;
}

/**
 * Average precision over the whole ranking (trec_eval's `map` for one query): the mean of the
 * precision at each relevant document retrieved, divided over all relevant documents judged,
 * so relevant documents never retrieved count as zero.
 */
export function averagePrecision(ranking: readonly string[], judgments: Judgments): number {
  const relevant = relevantCount(judgments);
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.forEach((id, i) => {
    if (isRelevant(judgments, id)) sum += ++found / (i + 1);
  });
  return sum / relevant;
}
