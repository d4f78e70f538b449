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

  it('keeps the capacity it reached through an idle pause, halving it every half-life', () => {
    const rate = new DrainRate(10_000, 600_000);
    for (let now = 0; now <= 60_000; now += 100) rate.observe(32, now);
    const busy = rate.capacity(60_000);
    expect(busy).toBeGreaterThan(310);
    // Two minutes idle: the drain rate is gone, the capacity barely moved.
    expect(rate.perSecond(180_000)).toBeLessThan(1);
    expect(rate.capacity(180_000)).toBeCloseTo(busy * 0.5 ** (120_000 / 600_000), 6);
    // A slower trickle afterwards does not lower it further than the fading does.
    rate.observe(1, 180_000);
    expect(rate.capacity(180_000)).toBeGreaterThan(busy / 2);
  });
});
