/** Logistic function, written to stay finite for large negative logits. */
export function sigmoid(logit: number): number {
  if (logit >= 0) return 1 / (1 + Math.exp(-logit));
  const e = Math.exp(logit);
  return e / (1 + e);
}

export interface Scored {
  index: number;
  logit: number;
}

/** Orders best first; equal scores keep request order so the ranking is deterministic. */
export function rankByLogit<T extends Scored>(scores: readonly T[]): T[] {
  return [...scores].sort((a, b) => b.logit - a.logit || a.index - b.index);
}
