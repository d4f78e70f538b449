/** When a closed loop stops starting requests: after a count, after a time, or at whichever comes first. */
export type ClosedLoopLimit = { requests: number; durationMs?: number } | { requests?: number; durationMs: number };

export type ClosedLoopOptions = ClosedLoopLimit & {
  /** Requests kept in flight: each finished one is replaced at once while the limit allows. */
  concurrency: number;
  /**
   * Sends request number `i` (0-based); resolves when its response is fully read, rejects on failure.
   * A request started before `durationMs` runs to its end, however late: nothing is dropped unanswered.
   */
  send: (i: number) => Promise<void>;
  onDone?: (done: number) => void;
};

export interface ClosedLoopResult {
  /** Requests started (= finished: the loop waits for every one). */
  sent: number;
  /** Latency of every successful request, in completion order. */
  latenciesMs: number[];
  /** From the first send to the last response. */
  wallMs: number;
  /** With `durationMs`: from the time limit to the last response, the requests then in flight finishing; else 0. */
  drainMs: number;
  errors: string[];
}

/**
 * Drives a closed loop: `concurrency` clients, each sending its next request as soon as the
 * previous one answers — how a pool of callers behaves, and what "concurrency N" means in the
 * report. Latency is measured per request around `send`.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const requests = options.requests ?? Infinity;
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
  const client = async () => {
    while (next < requests && performance.now() < deadline) {
      const i = next++;
      const sent = performance.now();
      try {
        await options.send(i);
        latenciesMs.push(performance.now() - sent);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
      options.onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, requests) }, client));
  const ended = performance.now();
  return { sent: next, latenciesMs, wallMs: ended - started, drainMs: Math.max(0, ended - deadline), errors };
}
