export interface ClosedLoopOptions {
  /** Requests kept in flight: each finished one is replaced at once until `requests` were sent. */
  concurrency: number;
  requests: number;
  /** Sends request number `i` (0-based); resolves when its response is fully read, rejects on failure. */
  send: (i: number) => Promise<void>;
  onDone?: (done: number) => void;
}

export interface ClosedLoopResult {
  /** Latency of every successful request, in completion order. */
  latenciesMs: number[];
  /** From the first send to the last response. */
  wallMs: number;
  errors: string[];
}

/**
 * Drives a closed loop: `concurrency` clients, each sending its next request as soon as the
 * previous one answers — how a pool of callers behaves, and what "concurrency N" means in the
 * report. Latency is measured per request around `send`.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let next = 0;
  let done = 0;
  const client = async () => {
    while (next < options.requests) {
      const i = next++;
      const started = performance.now();
      try {
        await options.send(i);
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
      options.onDone?.(++done);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, client));
  return { latenciesMs, wallMs: performance.now() - started, errors };
}
