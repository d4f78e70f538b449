import { createServer } from 'node:net';
import IORedis, { Cluster } from 'ioredis';
import type { RedisTarget } from '@rerank/config';
import { assertRedisReachable, createRedisConnection } from '@rerank/queue';

/** A TCP port nothing listens on right now, for a gateway started by a test or the bench. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Deletes every key under `prefix:`, so a throw-away fleet leaves Redis as it found it. SCAN walks
 * one server's keyspace, so on a cluster every master is walked, and keys are deleted one by one
 * (a DEL of several keys must not cross slots).
 */
export async function deleteKeysUnder(target: RedisTarget | string, prefix: string): Promise<number> {
  const redis = createRedisConnection(target, 'producer');
  let deleted = 0;
  try {
    await assertRedisReachable(redis, target);
    const servers: IORedis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
    for (const server of servers) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        deleted +=
          redis instanceof Cluster
            ? (await Promise.all(keys.map((key) => redis.del(key)))).reduce((sum, n) => sum + n, 0)
            : await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
