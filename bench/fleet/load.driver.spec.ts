import { runClosedLoop } from './load.driver';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('runClosedLoop', () => {
  it('returns one latency per request and never has more than `concurrency` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: number[] = [];
    const result = await runClosedLoop({
      concurrency: 3,
      requests: 10,
      send: async (i) => {
        sent.push(i);
        most = Math.max(most, ++inFlight);
        await tick(5);
        inFlight--;
      },
    });
    expect(result.sent).toBe(10);
    expect(result.latenciesMs).toHaveLength(10);
    expect(result.errors).toEqual([]);
    expect(most).toBe(3);
    expect(sent.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.wallMs).toBeGreaterThanOrEqual(15); // 10 requests / 3 clients = 4 rounds of 5 ms
  });

  it('returns the failures apart from the latencies when some requests fail', async () => {
    const result = await runClosedLoop({
      concurrency: 2,
      requests: 4,
      send: async (i) => {
        if (i % 2 === 1) throw new Error(`HTTP 504 for ${i}`);
      },
    });
    expect(result.latenciesMs).toHaveLength(2);
    expect(result.errors.sort()).toEqual(['HTTP 504 for 1', 'HTTP 504 for 3']);
  });

  it('starts no more clients than there are requests', async () => {
    let calls = 0;
    const result = await runClosedLoop({ concurrency: 16, requests: 2, send: async () => void calls++ });
    expect(calls).toBe(2);
    expect(result.latenciesMs).toHaveLength(2);
  });

  describe('with a time limit', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('starts no request after `durationMs`, and finishes and counts the ones then in flight', async () => {
      const starts: number[] = [];
      const ends: number[] = [];
      const run = runClosedLoop({
        concurrency: 2,
        durationMs: 50,
        send: async () => {
          starts.push(performance.now());
          await tick(20);
          ends.push(performance.now());
        },
      });
      await jest.advanceTimersByTimeAsync(100);
      const result = await run;
      // Rounds start at 0, 20 and 40 ms; the round started at 40 ms ends at 60 ms, past the limit.
      expect(result.sent).toBe(6);
      expect(result.latenciesMs).toHaveLength(6);
      expect(Math.max(...starts) - Math.min(...starts)).toBe(40);
      expect(Math.max(...ends) - Math.min(...starts)).toBe(60);
      expect(result.drainMs).toBe(10);
      expect(result.wallMs).toBe(60);
    });

    it('stops at whichever of `requests` and `durationMs` comes first', async () => {
      const run = runClosedLoop({ concurrency: 2, requests: 3, durationMs: 1_000, send: () => tick(20) });
      await jest.advanceTimersByTimeAsync(100);
      const result = await run;
      expect(result.sent).toBe(3);
      expect(result.drainMs).toBe(0);
    });
  });
});
