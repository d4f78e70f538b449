import { SearchHit, StageHit } from './retriever';

/** The k of reciprocal rank fusion most systems use (Cormack et al., 2009). */
export const DEFAULT_RRF_K = 60;

export type Stage = 'bm25' | 'dense';

/** A ranked hit: at least an id and a score, plus whatever the caller carries along. */
export type Scored = { id: string; score: number };

/** A fused hit: the caller's hit less its stage score, with the fused score and every stage's rank. */
export type Fused<H extends Scored> = Omit<H, 'score'> & Pick<SearchHit, 'score' | 'stages'>;

/** One stage's ranked hits, best first. */
export interface StageRanking<H extends Scored = Scored> {
  stage: Stage;
  hits: readonly H[];
}

/**
 * Reciprocal rank fusion: each document scores the sum over the stages that found it of
 * 1 / (k + rank). Ties keep the order of first appearance (bm25's before dense's when listed so),
 * so the fused order is deterministic. Each hit records every stage's rank and score.
 */
export function fuseByReciprocalRank<H extends Scored>(rankings: readonly StageRanking<H>[], limit: number, k = DEFAULT_RRF_K): Fused<H>[] {
  // A Map keeps insertion order: the order of first appearance that breaks ties.
  const fused = new Map<string, Fused<H>>();
  for (const { stage, hits } of rankings) {
    hits.forEach(({ score, ...rest }, index) => {
      const rank = index + 1;
      const stageHit: StageHit = { rank, score };
      let hit = fused.get(rest.id);
      if (!hit) {
        hit = { ...rest, score: 0, stages: {} };
        fused.set(rest.id, hit);
      }
      hit.stages[stage] = stageHit;
      hit.score += 1 / (k + rank);
    });
  }
  // Array.prototype.sort is stable, so equal scores keep first-appearance order.
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
