import { workerModelInfoKey } from '@rerank/contracts';
import { WorkerRegistry } from './worker-registry';
import { useRealRedis } from '../../../test/support/real-redis';

const TTL_MS = 10_000;
const NOW = 5_000_000;

describe('WorkerRegistry (real Redis)', () => {
  const real = useRealRedis();
  let registry: WorkerRegistry;

  beforeEach(() => {
    registry = new WorkerRegistry(real.redis, real.prefix, TTL_MS);
  });

  it('counts a worker live until its last beat is older than the TTL, per model', async () => {
    await registry.beat('tiny', 'w1', NOW);
    await registry.beat('tiny', 'w2', NOW - 4_000);
    await registry.beat('big', 'w3', NOW);
    expect(await registry.countLive('tiny', NOW)).toBe(2);
    expect(await registry.countLive('tiny', NOW - 4_000 + TTL_MS)).toBe(2);
    expect(await registry.countLive('tiny', NOW - 4_000 + TTL_MS + 1)).toBe(1);
    expect(await registry.countLive('big', NOW)).toBe(1);
    expect(await registry.countLive('unserved', NOW)).toBe(0);
  });

  it('counts a worker once however often it beats, and not at all once it leaves', async () => {
    await registry.beat('tiny', 'w1', NOW);
    await registry.beat('tiny', 'w1', NOW + 2_000);
    expect(await registry.countLive('tiny', NOW + 2_000)).toBe(1);
    await registry.leave('tiny', 'w1');
    expect(await registry.countLive('tiny', NOW + 2_000)).toBe(0);
  });

  it("reads each live worker's published model info, and the last one published for the model", async () => {
    await registry.beat('tiny', 'w1', NOW, { maxLength: 512, fingerprint: 'aaa' });
    await registry.beat('tiny', 'w2', NOW + 1, { maxLength: 256, fingerprint: 'bbb' });
    await registry.beat('tiny', 'w3', NOW + 2);
    const infos = await registry.liveModelInfos('tiny', NOW + 2);
    expect(infos).toHaveLength(3);
    expect(infos).toEqual(
      expect.arrayContaining([{ maxLength: 512, fingerprint: 'aaa' }, { maxLength: 256, fingerprint: 'bbb' }, undefined]),
    );
    expect(await registry.modelInfo('tiny')).toEqual({ maxLength: 256, fingerprint: 'bbb' });
    expect(await registry.modelInfo('unserved')).toBeUndefined();
    expect(await registry.liveCountAndInfo('tiny', NOW + 2)).toEqual({ workers: 3, info: { maxLength: 256, fingerprint: 'bbb' } });
    expect(await registry.liveCountAndInfo('tiny', NOW + 3 + TTL_MS)).toEqual({ workers: 0, info: { maxLength: 256, fingerprint: 'bbb' } });
    expect(await registry.liveCountAndInfo('unserved', NOW)).toEqual({ workers: 0, info: undefined });
  });

  it("prunes a vanished worker's info on the next beat that publishes, and drops it on leave", async () => {
    await registry.beat('tiny', 'gone', NOW, { maxLength: 512, fingerprint: 'old' });
    await registry.beat('tiny', 'w1', NOW + TTL_MS + 1, { maxLength: 512, fingerprint: 'new' });
    expect(await registry.liveModelInfos('tiny', NOW + TTL_MS + 1)).toEqual([{ maxLength: 512, fingerprint: 'new' }]);
    expect(await real.redis.hkeys(workerModelInfoKey(real.prefix, 'tiny'))).toEqual(['w1']);
    await registry.leave('tiny', 'w1');
    expect(await real.redis.hkeys(workerModelInfoKey(real.prefix, 'tiny'))).toEqual([]);
  });

  it('ignores info it cannot read instead of failing', async () => {
    await registry.beat('tiny', 'w1', NOW);
    await real.redis.hset(workerModelInfoKey(real.prefix, 'tiny'), 'w1', 'not json');
    expect(await registry.liveModelInfos('tiny', NOW)).toEqual([undefined]);
  });

  it('reads info a worker of another version wrote: without a max length none, an unreadable optional field as absent', async () => {
    await registry.beat('tiny', 'w1', NOW);
    await registry.beat('tiny', 'w2', NOW);
    await real.redis.hset(workerModelInfoKey(real.prefix, 'tiny'), 'w1', JSON.stringify({ fingerprint: 'a' }));
    await real.redis.hset(
      workerModelInfoKey(real.prefix, 'tiny'),
      'w2',
      JSON.stringify({ maxLength: 64, fingerprint: 7, kind: 'unknown-kind', dimensions: 32 }),
    );
    const infos = await registry.liveModelInfos('tiny', NOW);
    expect(infos).toHaveLength(2);
    expect(infos).toContainEqual(undefined);
    expect(infos).toContainEqual({ maxLength: 64, dimensions: 32 });
  });

  it('publishes info without a fingerprint as just the max length', async () => {
    await registry.beat('tiny', 'w1', NOW, { maxLength: 128 });
    expect(await registry.liveModelInfos('tiny', NOW)).toEqual([{ maxLength: 128 }]);
  });
});
