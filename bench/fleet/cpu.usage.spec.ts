import { cpuSecondsOf, machineCpuSeconds, measureCost, selfCpuSeconds } from './cpu.usage';

const onLinux = process.platform === 'linux' ? it : it.skip;

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('cpuSecondsOf', () => {
  onLinux('grows by about what process.cpuUsage reports when given this process', () => {
    // Compared as growth over one burn: /proc samples CPU time by clock ticks (10 ms), and over a
    // long-lived test worker the sampled total drifts from cpuUsage' exact one by more than a tick.
    const procBefore = cpuSecondsOf([process.pid])!;
    const exactBefore = selfCpuSeconds();
    burn(300);
    const procGrowth = cpuSecondsOf([process.pid])! - procBefore;
    const exactGrowth = selfCpuSeconds() - exactBefore;
    expect(exactGrowth).toBeGreaterThan(0.1);
    expect(Math.abs(procGrowth - exactGrowth)).toBeLessThan(0.05 + 0.1 * exactGrowth);
  });

  it('returns null when a process does not exist', () => {
    expect(cpuSecondsOf([process.pid, 2 ** 22 + 1])).toBeNull();
  });
});

describe('machineCpuSeconds', () => {
  onLinux('returns busy and idle seconds that only grow', () => {
    const before = machineCpuSeconds()!;
    burn(30);
    const after = machineCpuSeconds()!;
    expect(after.busy).toBeGreaterThan(before.busy);
    expect(after.idle).toBeGreaterThanOrEqual(before.idle);
  });
});

describe('measureCost', () => {
  it("returns pairs per CPU second from the counter's change, and the load around it", () => {
    let cpu = 10;
    const finish = measureCost(() => cpu);
    cpu = 12.5;
    const cost = finish(100);
    expect(cost).toMatchObject({ cpu_s: 2.5, pairs_per_cpu_s: 40 });
    if (process.platform === 'linux') expect(cost.idle_cpu_s).toBeGreaterThanOrEqual(0);
    expect(cost.load_average.start).toBeGreaterThanOrEqual(0);
  });

  it('returns nulls when the counter is unavailable', () => {
    expect(measureCost(() => null)(100)).toMatchObject({ cpu_s: null, pairs_per_cpu_s: null, other_cpu_s: null });
  });
});
