/** How far back the drain rate looks, roughly: long enough to smooth job-sized steps, short enough to follow a fleet that scales. */
export const DRAIN_RATE_WINDOW_MS = 10_000;

/**
 * Pairs per second a queue's workers finish, as an exponentially decayed sum of completions:
 * each completion adds its pairs / window and everything fades with e^(-age / window). A steady
 * flow of R pairs/s reads R; a fleet that stopped finishing work reads towards 0.
 */
export class DrainRate {
  private rate = 0;
  private at: number | undefined;

  constructor(private readonly windowMs = DRAIN_RATE_WINDOW_MS) {}

  observe(pairs: number, now = Date.now()): void {
    this.rate = this.perSecond(now) + pairs / (this.windowMs / 1000);
    this.at = now;
  }

  perSecond(now = Date.now()): number {
    if (this.at === undefined) return 0;
    return this.rate * Math.exp(-Math.max(0, now - this.at) / this.windowMs);
  }
}

/** Pairs per second as a person reads them: whole from 10 up, one decimal below. */
export function formatPairsPerSecond(pairsPerSecond: number): string {
  return pairsPerSecond >= 10 ? String(Math.round(pairsPerSecond)) : pairsPerSecond.toFixed(1);
}
