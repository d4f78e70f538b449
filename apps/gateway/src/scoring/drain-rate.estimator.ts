/** How fast a capacity estimate fades once the fleet stops reaching it. */
export const CAPACITY_HALF_LIFE_MS = 10 * 60_000;

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
  private peakRate = 0;
  private peakAt = 0;

  constructor(
    private readonly windowMs = DRAIN_RATE_WINDOW_MS,
    private readonly peakHalfLifeMs = CAPACITY_HALF_LIFE_MS,
  ) {}

  observe(pairs: number, now = Date.now()): void {
    this.rate = this.perSecond(now) + pairs / (this.windowMs / 1000);
    this.at = now;
    const peak = this.capacity(now);
    if (this.rate >= peak) {
      this.peakRate = this.rate;
      this.peakAt = now;
    }
  }

  /**
   * The fleet's capacity as last seen busy: the highest rate reached, halving every
   * `peakHalfLifeMs`. Unlike `perSecond` it survives an idle pause, so a bound derived from it
   * does not refuse the first burst after one; and it follows a fleet that shrank, slowly.
   */
  capacity(now = Date.now()): number {
    return this.peakRate * 0.5 ** (Math.max(0, now - this.peakAt) / this.peakHalfLifeMs);
  }

  perSecond(now = Date.now()): number {
    if (this.at === undefined) return 0;
    return this.rate * Math.exp(-Math.max(0, now - this.at) / this.windowMs);
  }
}
