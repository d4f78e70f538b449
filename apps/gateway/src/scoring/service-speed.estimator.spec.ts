import { ServiceSpeed } from './service-speed.estimator';

describe('ServiceSpeed', () => {
  it('is 0 before any job reported its busy time, and ignores jobs that did not', () => {
    const speed = new ServiceSpeed();
    speed.observe(32, 0, 1_000);
    expect(speed.pairsPerSecond()).toBe(0);
  });

  it('reads pairs per busy second whatever the traffic between jobs', () => {
    const speed = new ServiceSpeed(300_000);
    // 10 pairs in 50 ms of model time, one job a minute: 200 pairs/s, though demand is tiny.
    for (let now = 0; now <= 600_000; now += 60_000) speed.observe(10, 50, now);
    expect(speed.pairsPerSecond()).toBeCloseTo(200, 6);
  });

  it('follows a change of speed, recent jobs weighing more', () => {
    const speed = new ServiceSpeed(300_000);
    for (let now = 0; now < 600_000; now += 1_000) speed.observe(10, 50, now);
    for (let now = 600_000; now < 1_800_000; now += 1_000) speed.observe(10, 25, now);
    expect(speed.pairsPerSecond()).toBeGreaterThan(390);
    expect(speed.pairsPerSecond()).toBeLessThan(400);
  });
});
