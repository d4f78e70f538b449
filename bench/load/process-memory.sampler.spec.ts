import { memoryFigures, MemorySampler, MemorySource, parseVmRssBytes, procRssBytes } from './process-memory.sampler';

describe('parseVmRssBytes', () => {
  it('reads VmRSS in bytes from /proc/<pid>/status', () => {
    expect(parseVmRssBytes('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n')).toBe(100 * 1024 ** 2);
  });

  it("returns null for a status without the line, as a zombie's", () => {
    expect(parseVmRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toBeNull();
  });
});

describe('procRssBytes', () => {
  it("reads this process's RSS", async () => {
    if (process.platform !== 'linux') return;
    expect(await procRssBytes(process.pid)).toBeGreaterThan(10 * 1024 ** 2);
  });

  it('names the pid it cannot read', async () => {
    if (process.platform !== 'linux') return;
    await expect(procRssBytes(2 ** 22 + 1)).rejects.toThrow(/\/proc\/4194305\/status .*is 4194305 a process on this host\?/);
  });
});

describe('MemorySampler', () => {
  const source = (values: (number | Error)[], extra: Partial<MemorySource> = {}): MemorySource => ({
    role: 'worker',
    via: 'proc',
    read: async () => {
      const value = values.length > 1 ? values.shift() : values[0];
      if (value instanceof Error) throw value;
      return value as number;
    },
    ...extra,
  });

  it('samples from start to stop, keeping the first, the highest and the last', async () => {
    const mib = 1024 ** 2;
    const sampler = new MemorySampler([source([100 * mib, 180 * mib, 110 * mib], { role: 'gateway', pid: 7 })]);
    await sampler.start(5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await sampler.stop()).toEqual([
      expect.objectContaining({ role: 'gateway', pid: 7, via: 'proc', start_mib: 100, end_mib: 110, peak_mib: 180, growth_pct: 10 }),
    ]);
  });

  it('leaves figures it never read as null instead of failing the run', async () => {
    const sampler = new MemorySampler([source([new Error('gone')], { via: 'metrics' })]);
    await sampler.start(1_000);
    expect(await sampler.stop()).toEqual([
      {
        role: 'worker',
        via: 'metrics',
        start_mib: null,
        mid_mib: null,
        end_mib: null,
        peak_mib: null,
        growth_pct: null,
        late_growth_pct: null,
      },
    ]);
  });
});

describe('memoryFigures', () => {
  const mib = 1024 ** 2;
  const samples = (values: number[]) => values.map((value, i) => ({ atMs: i * 1000, bytes: value * mib }));

  it('tells growth that levels off (warm-up) from growth that goes on (a leak) by the middle sample', () => {
    const warmUp = memoryFigures({ role: 'worker', via: 'proc' }, samples([100, 150, 180, 180, 180, 181, 180, 181, 180]));
    expect(warmUp).toMatchObject({ start_mib: 100, mid_mib: 180, end_mib: 180, peak_mib: 181, growth_pct: 80, late_growth_pct: 0 });
    const leak = memoryFigures({ role: 'worker', via: 'proc' }, samples([100, 110, 120, 130, 140, 150, 160, 170, 180]));
    expect(leak).toMatchObject({ mid_mib: 140, late_growth_pct: 28.6 });
  });
});
