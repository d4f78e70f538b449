import { runOpenLoop } from './open-loop.driver';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runOpenLoop', () => {
  it('sends rate x duration arrivals on schedule, without waiting for earlier answers', async () => {
    const sentAt: number[] = [];
    let inFlight = 0;
    let most = 0;
    const result = await runOpenLoop({
      rate: 100,
      durationMs: 200,
      maxInFlight: 1000,
      send: async (_, dueMs) => {
        sentAt.push(performance.now() - dueMs);
        most = Math.max(most, ++inFlight);
        await tick(50); // a slow server: a closed loop would send 4 per connection, not 20
        inFlight--;
      },
    });
    expect(result).toMatchObject({ sent: 20, skipped: 0 });
    expect(most).toBeGreaterThanOrEqual(4);
    expect(result.wallMs).toBeGreaterThanOrEqual(190 + 50 - 15);
    expect(result.drainMs).toBeGreaterThanOrEqual(40);
    expect(Math.max(...sentAt)).toBeLessThan(200);
  });

  it('skips and counts arrivals that find maxInFlight requests outstanding', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = runOpenLoop({ rate: 200, durationMs: 50, maxInFlight: 3, send: () => gate });
    await tick(80);
    release();
    expect(await run).toMatchObject({ sent: 3, skipped: 7 });
  });

  it('fails the run when the sender rejects, once the other requests are in', async () => {
    let answered = 0;
    const run = runOpenLoop({
      rate: 100,
      durationMs: 30,
      maxInFlight: 10,
      send: async (i) => {
        await tick(10);
        if (i === 0) throw new Error('bug in the sender');
        answered++;
      },
    });
    await expect(run).rejects.toThrow('bug in the sender');
    expect(answered).toBe(2);
  });
});
