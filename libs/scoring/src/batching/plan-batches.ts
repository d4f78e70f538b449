export interface BatchLimits {
  /** Most padded tokens (rows × longest row) in one ONNX run. */
  maxTokens: number;
  /** Most rows in one run, whatever their length. */
  maxRows: number;
}

/**
 * Groups item positions into runs: sorted by length so each run pads only to similar
 * lengths, and cut so no run exceeds the token budget. Returns positions into `lengths`.
 */
export function planBatches(lengths: readonly number[], limits: BatchLimits): number[][] {
  const order = lengths.map((_, position) => position).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const position of order) {
    // Sorted ascending, so the newest item is the longest: it sets the padded width.
    const widthIfAdded = lengths[position];
    const tooWide = (current.length + 1) * widthIfAdded > limits.maxTokens;
    if (current.length > 0 && (tooWide || current.length >= limits.maxRows)) {
      batches.push(current);
      current = [];
    }
    current.push(position);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
