import { SearchHit, StageHit } from './retriever';
import { CorpusDocument } from './corpus-document';

/** The k of reciprocal rank fusion most systems use (Cormack et al., 2009). */
export const DEFAULT_RRF_K = 60;

export type Stage = 'bm25' | 'dense';

/** One stage's ranked documents, best first. */
export interface StageRanking {
  stage: Stage;
  hits: readonly (CorpusDocument & { score: number })[];
}

/**
 * Reciprocal rank fusion: each document scores the sum over the stages that found it of
 * 1 / (k + rank). Ties keep the order of first appearance (bm25's before dense's when listed so),
 * so the fused order is deterministic. Each hit records every stage's rank and score.
 */
export function fuseByReciprocalRank(rankings: readonly StageRanking[], limit: number, k = DEFAULT_RRF_K): SearchHit[] {
  const fused = new Map<string, SearchHit & { order: number }>();
  for (const { stage, hits } of rankings) {
    hits.forEach(({ score, ...document }, index) => {
      const rank = index + 1;
      const stageHit: StageHit = { rank, score };
      let hit = fused.get(document.id);
      if (!hit) {
        hit = { ...document, score: 0, stages: {}, order: fused.size };
        fused.set(document.id, hit);
      }
      hit.stages[stage] = stageHit;
      hit.score += 1 / (k + rank);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ order: _order, ...hit }) => hit);
}
