import { DrainRate } from './drain-rate.estimator';

describe('DrainRate', () => {
  it('returns 0 pairs/s before any completion', () => {
    expect(new DrainRate(10_000).perSecond(1_000)).toBe(0);
  });

  it('returns about the steady flow once completions have come in for several windows', () => {
    const rate = new DrainRate(10_000);
    // 32 pairs every 100 ms: 320 pairs/s.
    for (let now = 0; now <= 60_000; now += 100) rate.observe(32, now);
    expect(rate.perSecond(60_000)).toBeGreaterThan(310);
    expect(rate.perSecond(60_000)).toBeLessThan(340);
  });

  it('returns a rate that fades when nothing finishes any more', () => {
    const rate = new DrainRate(10_000);
    for (let now = 0; now <= 60_000; now += 100) rate.observe(32, now);
    expect(rate.perSecond(70_000)).toBeCloseTo(rate.perSecond(60_000) / Math.E, 6);
    expect(rate.perSecond(120_000)).toBeLessThan(1);
  });
});
