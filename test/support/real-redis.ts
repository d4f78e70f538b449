import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { assertRedisReachable, createRedisConnection } from '../../libs/queue/src/redis-connection';
import { deleteKeysUnder } from '../../tools/fleet/fleet-housekeeping';
import { TEST_REDIS_URL } from './redis';

/** The connection of a spec that runs its code against the real Redis, and the key prefix of the test running now. */
export interface RealRedis {
  readonly redis: IORedis;
  readonly prefix: string;
}

/**
 * Registers the hooks every real-Redis spec needs: one connection for the `describe` (failing
 * early, with the URL, when Redis does not answer), a fresh key prefix for each test, and that
 * prefix's keys deleted after it. Call it first in the `describe`, so a spec's own `beforeEach`
 * already sees the new prefix.
 */
export function useRealRedis(): RealRedis {
  let redis: IORedis | undefined;
  let prefix: string | undefined;
  beforeAll(async () => {
    redis = createRedisConnection(TEST_REDIS_URL, 'producer');
    await assertRedisReachable(redis, TEST_REDIS_URL);
  });
  afterAll(() => redis?.disconnect());
  beforeEach(() => {
    prefix = `test-${randomUUID()}`;
  });
  afterEach(async () => {
    if (prefix) await deleteKeysUnder(TEST_REDIS_URL, prefix);
  });
  return {
    get redis() {
      if (!redis) throw new Error('useRealRedis: the connection exists from beforeAll on');
      return redis;
    },
    get prefix() {
      if (!prefix) throw new Error('useRealRedis: a prefix exists from beforeEach on');
      return prefix;
    },
  };
}
