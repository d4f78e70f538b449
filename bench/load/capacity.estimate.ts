/** A complete answer of the capacity phase: when it arrived and the pairs it scored. */
export interface Completion {
  atMs: number;
  pairs: number;
}

export interface CapacityEstimate {
  /** Pairs/s the fleet sustained in the closed loop. */
  pairs_per_s: number;
  /** The same in requests/s of the mix (pairs/s ÷ the mix's mean documents per request). */
  requests_per_s: number;
  /** Answers the estimate comes from: few means a rough figure. */
  completions: number;
}

/**
 * The fleet's steady throughput from a closed loop's answers: pairs answered after the first
 * answer, over the time from the first answer to the last. Counting from the phase's start
 * instead would charge the time the loop took to fill (a whole request's latency, seconds on a
 * CPU fleet) and miss the work of the requests still in flight at its end; both bias a short
 * phase low.
 */
export function estimateCapacity(completions: readonly Completion[], meanDocuments: number): CapacityEstimate {
  if (completions.length < 2) {
    throw new Error(
      `the capacity phase got ${completions.length} complete answer(s); it needs at least 2: ` +
        'lengthen --capacity-duration, or pass --capacity',
    );
  }
  const sorted = [...completions].sort((a, b) => a.atMs - b.atMs);
  const spanMs = sorted[sorted.length - 1].atMs - sorted[0].atMs;
  if (spanMs <= 0) throw new Error("the capacity phase's answers all arrived at once; lengthen --capacity-duration");
  const pairs = sorted.slice(1).reduce((sum, completion) => sum + completion.pairs, 0);
  const pairsPerS = (pairs / spanMs) * 1000;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { pairs_per_s: round(pairsPerS), requests_per_s: round(pairsPerS / meanDocuments), completions: completions.length };
}
