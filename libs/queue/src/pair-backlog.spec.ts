import { PairBacklog } from './pair-backlog';
import { useRealRedis } from '../../../test/support/real-redis';

const QUEUE = 'score.tiny.interactive';
const NOW = 1_000_000;

describe('PairBacklog (real Redis, its Lua scripts)', () => {
  const real = useRealRedis();
  let backlog: PairBacklog;

  beforeEach(() => {
    backlog = new PairBacklog(real.redis, real.prefix);
  });

  it('counts the pairs of the jobs added and not released', async () => {
    await backlog.add(QUEUE, [
      { jobId: 'a', pairs: 32, deadline: NOW + 5_000 },
      { jobId: 'b', pairs: 10, deadline: NOW + 5_000 },
    ]);
    await backlog.add(QUEUE, [{ jobId: 'c', pairs: 7, deadline: NOW + 5_000 }]);
    expect(await backlog.count(QUEUE, NOW)).toBe(49);
    expect(await backlog.release(QUEUE, ['b'])).toBe(10);
    expect(await backlog.count(QUEUE, NOW)).toBe(39);
  });

  it('counts finished jobs out in the same call that counts new ones in, each once', async () => {
    await backlog.add(QUEUE, [
      { jobId: 'a', pairs: 32, deadline: NOW + 5_000 },
      { jobId: 'b', pairs: 10, deadline: NOW + 5_000 },
    ]);
    expect(await backlog.add(QUEUE, [{ jobId: 'c', pairs: 7, deadline: NOW + 5_000 }], ['a', 'a', 'unknown'])).toBe(32);
    expect(await backlog.count(QUEUE, NOW)).toBe(17);
    expect(await backlog.add(QUEUE, [], ['b', 'c'])).toBe(17);
    expect(await backlog.count(QUEUE, NOW)).toBe(0);
  });

  it('counts finished jobs out in the same call that reads the count', async () => {
    await backlog.add(QUEUE, [
      { jobId: 'a', pairs: 32, deadline: NOW + 5_000 },
      { jobId: 'b', pairs: 10, deadline: NOW + 5_000 },
    ]);
    expect(await backlog.count(QUEUE, NOW, ['a', 'a', 'unknown'])).toBe(10);
    expect(await backlog.count(QUEUE, NOW, ['b'])).toBe(0);
    expect(await backlog.release(QUEUE, ['a', 'b'])).toBe(0);
  });

  it('releases a job once however often it is released, and ignores jobs it never counted', async () => {
    await backlog.add(QUEUE, [{ jobId: 'a', pairs: 32, deadline: NOW + 5_000 }]);
    expect(await backlog.release(QUEUE, ['a', 'a', 'unknown'])).toBe(32);
    expect(await backlog.release(QUEUE, ['a'])).toBe(0);
    expect(await backlog.count(QUEUE, NOW)).toBe(0);
  });

  it('drops jobs whose deadline passed, so a job nobody released stops counting then', async () => {
    await backlog.add(QUEUE, [
      { jobId: 'early', pairs: 5, deadline: NOW + 1_000 },
      { jobId: 'late', pairs: 8, deadline: NOW + 9_000 },
    ]);
    expect(await backlog.count(QUEUE, NOW + 999)).toBe(13);
    expect(await backlog.count(QUEUE, NOW + 1_000)).toBe(8);
    // Pruned for good: releasing it afterwards takes nothing off twice.
    expect(await backlog.release(QUEUE, ['early'])).toBe(0);
    expect(await backlog.count(QUEUE, NOW + 1_000)).toBe(8);
    expect(await backlog.count(QUEUE, NOW + 9_000)).toBe(0);
  });

  it('prunes at most 1000 expired jobs per read and the rest on the next reads', async () => {
    const expired = Array.from({ length: 1_500 }, (_, i) => ({ jobId: `old-${i}`, pairs: 1, deadline: NOW - 1 }));
    await backlog.add(QUEUE, [...expired, { jobId: 'live', pairs: 4, deadline: NOW + 5_000 }]);
    expect(await backlog.count(QUEUE, NOW)).toBe(504);
    expect(await backlog.count(QUEUE, NOW)).toBe(4);
  });

  it('leaves no keys behind once every job is out, and keeps queues apart', async () => {
    await backlog.add(QUEUE, [{ jobId: 'a', pairs: 3, deadline: NOW + 5_000 }]);
    await backlog.add('score.big.interactive', [{ jobId: 'a', pairs: 100, deadline: NOW + 5_000 }]);
    expect(await backlog.count('score.big.interactive', NOW)).toBe(100);
    await backlog.release(QUEUE, ['a']);
    expect(await backlog.count(QUEUE, NOW)).toBe(0);
    expect(await real.redis.keys(`${real.prefix}:backlog:${QUEUE}:*`)).toEqual([]);
    expect(await backlog.count('score.big.interactive', NOW)).toBe(100);
  });

  it('counts nothing for an empty add or release', async () => {
    await backlog.add(QUEUE, []);
    expect(await backlog.release(QUEUE, [])).toBe(0);
    expect(await backlog.count(QUEUE, NOW)).toBe(0);
  });
});
