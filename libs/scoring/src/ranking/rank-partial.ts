import { rankByLogit } from './relevance';

/** A place in a ranking that may hold a document the deadline left unscored (`logit` null). */
export interface PartiallyRanked {
  index: number;
  logit: number | null;
}

/**
 * Orders a partly scored list: the scored documents best first (ties in request order), then
 * the unscored ones — `NaN` logits — in their original order, which is the first stage's or
 * the client's and so the best guess there is. A complete list ranks as `rankByLogit` does.
 */
export function rankScoredFirst(logits: readonly number[]): PartiallyRanked[] {
  const scored: { index: number; logit: number }[] = [];
  const unscored: PartiallyRanked[] = [];
  logits.forEach((logit, index) => (Number.isNaN(logit) ? unscored.push({ index, logit: null }) : scored.push({ index, logit })));
  return [...rankByLogit(scored), ...unscored];
}
