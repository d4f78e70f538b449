/** How long a speed measurement keeps its weight: long enough to ride out a quiet spell, short enough to follow a new model file. */
export const SERVICE_SPEED_WINDOW_MS = 5 * 60_000;

/**
 * Pairs a worker scores per second of model time, from the busy time jobs report
 * (`ScorePairsResult.busyMs`). Unlike the drain rate it measures the model, not the traffic: a
 * fleet that sees 10 pairs/s of demand but could score 1,000 reads 1,000 here. Kept as two sums
 * (pairs, busy seconds) fading with the same factor, so the ratio holds through idle pauses and
 * recent work outweighs old.
 */
export class ServiceSpeed {
  private pairs = 0;
  private busySeconds = 0;
  private at: number | undefined;

  constructor(private readonly windowMs = SERVICE_SPEED_WINDOW_MS) {}

  observe(pairs: number, busyMs: number, now = Date.now()): void {
    if (!(busyMs > 0) || !(pairs > 0)) return;
    const fade = this.at === undefined ? 1 : Math.exp(-Math.max(0, now - this.at) / this.windowMs);
    this.pairs = this.pairs * fade + pairs;
    this.busySeconds = this.busySeconds * fade + busyMs / 1000;
    this.at = now;
  }

  /** Pairs per busy second of one worker; 0 before any measurement. */
  pairsPerSecond(): number {
    return this.busySeconds > 0 ? this.pairs / this.busySeconds : 0;
  }
}
