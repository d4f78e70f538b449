import { formatLoadReport, latencyFigures, LoadReport, overloadChecks, phaseReport } from './load.report';
import type { MemoryFigures } from './process-memory.sampler';
import { StatusTally } from './status.tally';

function overloadedPhase() {
  const tally = new StatusTally();
  for (let i = 0; i < 10; i++) tally.recordAnswer(200, '{"results":[]}', 100, 1000 + i * 100);
  tally.recordAnswer(200, '{"results":[],"partial":true}', 200, 5000);
  for (let i = 0; i < 9; i++) tally.recordAnswer(429, '{"statusCode":429,"message":"too many pairs queued"}', 50, 3);
  return phaseReport({
    mode: 'open',
    rate: 1,
    durationS: 20,
    wallMs: 25_000,
    drainMs: 5_000,
    sent: 20,
    skipped: 0,
    maxLagMs: 1.5,
    status: tally.summary(),
    okLatenciesMs: tally.okLatenciesMs,
    answeredLatenciesMs: tally.answeredLatenciesMs,
  });
}

const closedInput = { mode: 'closed', connections: 4, durationS: 20, wallMs: 21_500, drainMs: 1_500, sent: 20 } as const;

describe('latencyFigures', () => {
  it('gives p50, p90, p95, p99 and max, interpolated as the bench does', () => {
    const values = Array.from({ length: 101 }, (_, i) => i * 10);
    expect(latencyFigures(values)).toEqual({ n: 101, p50_ms: 500, p90_ms: 900, p95_ms: 950, p99_ms: 990, max_ms: 1000 });
  });

  it('is null for no answers', () => {
    expect(latencyFigures([])).toBeNull();
  });
});

describe('phaseReport', () => {
  it('divides answers and complete pairs by the wall time, drain included', () => {
    const phase = overloadedPhase();
    expect(phase.throughput).toEqual({ answered_per_s: 0.8, ok_per_s: 0.44, ok_pairs_per_s: 40 });
    expect(phase).toMatchObject({ mode: 'open', rate_per_s: 1, wall_s: 25, drain_s: 5, sent: 20, skipped: 0 });
    expect(phase.latency_ms.ok).toMatchObject({ n: 11, max_ms: 5000 });
    expect(phase.latency_ms.answered?.n).toBe(20);
  });
});

describe('overloadChecks', () => {
  const memory: MemoryFigures[] = [
    { role: 'gateway', via: 'proc', start_mib: 100, mid_mib: 101, end_mib: 102, peak_mib: 110, growth_pct: 2, late_growth_pct: 1 },
    { role: 'worker', via: 'proc', start_mib: 300, mid_mib: 330, end_mib: 330, peak_mib: 340, growth_pct: 10, late_growth_pct: 0 },
  ];

  it('passes an overload answered only by 2xx, partial and 429, and reports the largest growths', () => {
    expect(overloadChecks(overloadedPhase(), memory)).toEqual({
      no_5xx: true,
      every_request_answered: true,
      max_rss_growth_pct: 10,
      max_rss_late_growth_pct: 1,
    });
  });

  it('flags 5xx and requests without an answer', () => {
    const phase = overloadedPhase();
    phase.status.http_504 = 1;
    expect(overloadChecks(phase, [])).toMatchObject({ no_5xx: false, every_request_answered: true, max_rss_growth_pct: null });
    phase.status.timeouts = 1;
    expect(overloadChecks(phase, []).every_request_answered).toBe(false);
  });
});

describe('formatLoadReport', () => {
  it('prints throughput, every answer class, latency percentiles, memory and the checks', () => {
    const drive = overloadedPhase();
    const memory: MemoryFigures[] = [
      {
        role: 'gateway',
        pid: 41,
        via: 'proc',
        start_mib: 100,
        mid_mib: 101,
        end_mib: 102,
        peak_mib: 110,
        growth_pct: 2,
        late_growth_pct: 1,
      },
    ];
    const report: LoadReport = {
      target: { url: 'http://127.0.0.1:4000', started_fleet: { arch: 'minilm-l6', dtype: 'fp32', workers: 1, prefix: 'bench-x' } },
      mix: { documents: [10, 50, 100, 200], mean_documents: 90, seed: 1 },
      capacity: { pairs_per_s: 45, requests_per_s: 0.5, completions: 12, source: 'flag', factor: 2, drive_rate_per_s: 1 },
      drive,
      memory,
      checks: overloadChecks(drive, memory),
      machine: { cores: 2, load_average_start: 0.4, load_average_end: 1.9 },
      started_at: '2026-11-26T00:00:00.000Z',
      duration_s: 61.2,
    };
    const text = formatLoadReport(report);
    expect(text).toContain('capacity: 0.500 requests/s = 45.0 pairs/s (given with --capacity); driving at 2 x = 1.000 requests/s');
    expect(text).toContain('open loop, 1.000 requests/s for 20 s (20 sent, 0 skipped; wall 25.0 s of which drain 5.0 s');
    const closed = phaseReport({ ...closedInput, status: drive.status, okLatenciesMs: [], answeredLatenciesMs: [] });
    expect(formatLoadReport({ ...report, capacity: null, drive: closed })).toContain(
      'drive:    closed loop, 4 connections for 20 s (20 sent; wall 21.5 s of which drain 1.5 s)',
    );
    expect(text).toContain('throughput: 0.800 answers/s, 0.440 2xx/s, 40.0 pairs/s (complete 2xx answers)');
    expect(text).toContain('2xx 11 (partial 1), 429 9, 504 0, other 5xx 0, other 4xx 0, timeouts 0, connection errors 0');
    expect(text).toMatch(/latency ms\s+n\s+p50\s+p90\s+p95\s+p99\s+max/);
    expect(text).toMatch(/gateway 41\s+100.0\s+101.0\s+102.0\s+110.0\s+\+2.0 %\s+\+1.0 %/);
    expect(text).toContain('checks:   no 5xx: yes; every request answered: yes; largest RSS growth: +2.0 % (mid→end +1.0 %)');
    expect(text).toContain('429: {"statusCode":429,"message":"too many pairs queued"}');
  });
});
