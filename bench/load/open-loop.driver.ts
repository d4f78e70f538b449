export interface OpenLoopOptions {
  /** Arrivals per second, evenly spaced. */
  rate: number;
  /** Arrivals stop after this long; the requests still out are then waited for. */
  durationMs: number;
  /** An arrival that finds this many requests outstanding is skipped (and counted), not sent. */
  maxInFlight: number;
  /**
   * Sends arrival `i`, due at `dueMs` on `performance.now()`'s clock; resolves when its answer
   * (or failure) has been recorded; a rejection is a bug of the sender and fails the run once
   * the requests out are in. Latency measured from `dueMs` includes any lag of the
   * client's own timers, so a slow client cannot hide the server's delays.
   */
  send: (i: number, dueMs: number) => Promise<void>;
}

export interface OpenLoopResult {
  /** Arrivals sent. */
  sent: number;
  /** Arrivals skipped because `maxInFlight` requests were outstanding. */
  skipped: number;
  /** From the first arrival to the last answer. */
  wallMs: number;
  /** From the last arrival to the last answer: the time the fleet took to work off what it held. */
  drainMs: number;
  /** Most an arrival was sent after it was due: large values mean the client was the bottleneck. */
  maxLagMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends requests on a fixed schedule, arrival `i` at `i / rate` seconds, whether or not earlier
 * ones were answered: how independent users load a service, and the only way to push a fleet
 * past its capacity. (A closed loop slows down with the server, so it never overloads it, even
 * one capped at a rate: each connection still waits for each answer.)
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const intervalMs = 1000 / options.rate;
  const arrivals = Math.max(1, Math.floor((options.durationMs / 1000) * options.rate));
  const outstanding = new Set<Promise<void>>();
  let sent = 0;
  let skipped = 0;
  let maxLagMs = 0;
  let failure: Error | undefined;
  const started = performance.now();
  for (let i = 0; i < arrivals; i++) {
    const dueMs = started + i * intervalMs;
    const wait = dueMs - performance.now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - dueMs);
    if (outstanding.size >= options.maxInFlight) {
      skipped++;
      continue;
    }
    sent++;
    const request: Promise<void> = options
      .send(i, dueMs)
      .catch((error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error))))
      .finally(() => outstanding.delete(request));
    outstanding.add(request);
  }
  const lastArrival = performance.now();
  while (outstanding.size > 0) await Promise.allSettled([...outstanding]);
  const ended = performance.now();
  if (failure !== undefined) throw failure;
  return {
    sent,
    skipped,
    wallMs: Math.round(ended - started),
    drainMs: Math.round(ended - lastArrival),
    maxLagMs: Math.round(maxLagMs * 10) / 10,
  };
}
