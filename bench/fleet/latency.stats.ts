/**
 * The p-th percentile (0-100) of a sample, interpolating linearly between the two nearest
 * ranks (numpy's default, Hyndman & Fan type 7): p50 of [1, 2, 3, 4] is 2.5. With n samples
 * the p99 of fewer than 100 of them lies between the two largest; report n beside it.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0-100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface LatencySummary {
  /** Number of samples the percentiles come from. */
  n: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

/** Percentiles of request latencies in milliseconds, rounded to 0.1 ms. */
export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: latenciesMs.length,
    p50_ms: round(percentile(latenciesMs, 50)),
    p95_ms: round(percentile(latenciesMs, 95)),
    p99_ms: round(percentile(latenciesMs, 99)),
    mean_ms: round(latenciesMs.reduce((sum, x) => sum + x, 0) / latenciesMs.length),
    max_ms: round(Math.max(...latenciesMs)),
  };
}

/** Items per second, or null when nothing was timed. */
export function ratePerSecond(items: number, elapsedMs: number): number | null {
  return elapsedMs > 0 ? Math.round((items / elapsedMs) * 1000 * 100) / 100 : null;
}
