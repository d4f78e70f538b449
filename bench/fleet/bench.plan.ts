/** The concurrency levels the fleet is driven at; the figure at the last one is the fleet's pairs/s. */
export const CONCURRENCY_LEVELS = [1, 4, 16] as const;
export type ConcurrencyLevel = (typeof CONCURRENCY_LEVELS)[number];

/** Pairs per ONNX run in the in-process baselines, as a hand-written loop would use. */
export const BASELINE_BATCH_SIZE = 32;
/** Pairs of one untimed run before the baselines' clocks start (allocations, kernel choice). */
export const WARMUP_PAIRS = 8;

export interface BenchPlan {
  documentsPerRequest: number;
  /** Distinct calls in the workload; raw_ort and transformers_js score every pair of them once. */
  requests: number;
  /** Measured fleet requests per concurrency level, taken round-robin from the workload. */
  fleetRequests: Record<ConcurrencyLevel, number>;
  /** Unmeasured requests sent first, so sessions and connections are warm. */
  warmupRequests: number;
  /** Requests the `single` phase times both at the compute bound and through the idle fleet. */
  singleRequests: number;
}

/**
 * How much work each phase gets. On two cores an fp32 MiniLM-L6 scores only ~15-30 pairs/s,
 * so the full plan (1,600 baseline pairs, 56 fleet requests of 100 documents) takes several
 * minutes; it keeps 16 requests in flight for two rounds and gives each percentile at least 8
 * samples. The quick plan keeps the report's shape with 10-document requests and finishes in
 * under a minute.
 */
export function benchPlan(quick: boolean): BenchPlan {
  if (quick) {
    return { documentsPerRequest: 10, requests: 8, fleetRequests: { 1: 2, 4: 4, 16: 16 }, warmupRequests: 1, singleRequests: 3 };
  }
  return { documentsPerRequest: 100, requests: 16, fleetRequests: { 1: 8, 4: 16, 16: 32 }, warmupRequests: 2, singleRequests: 25 };
}
