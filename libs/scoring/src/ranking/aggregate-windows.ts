import type { ChunkAggregation } from '@rerank/contracts';

export interface AggregatedWindows {
  /** The document's logit. */
  logit: number;
  /** Index of the window that won: the best one, or the first for `first`. */
  best: number;
}

/**
 * A document's logit from its windows' logits (in document order): the best window (`max`),
 * the first (`first`, what truncation would have scored), or the mean of the `meanTopK` best
 * (`mean`, which rewards documents relevant in several places). Logits, not probabilities, are
 * averaged, so `score_mode` applies to the result the same way for every aggregation.
 */
export function aggregateWindows(logits: readonly number[], aggregation: ChunkAggregation, meanTopK = 1): AggregatedWindows {
  if (logits.length === 0) throw new RangeError('a document has at least one window');
  if (aggregation === 'first') return { logit: logits[0], best: 0 };
  // Ties go to the earlier window, so the answer does not depend on sort stability.
  const order = logits.map((_, window) => window).sort((a, b) => logits[b] - logits[a] || a - b);
  if (aggregation === 'max') return { logit: logits[order[0]], best: order[0] };
  const top = order.slice(0, Math.max(1, meanTopK));
  return { logit: top.reduce((sum, window) => sum + logits[window], 0) / top.length, best: order[0] };
}
