import { createServer } from 'node:net';
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

/** Deletes every key under `prefix:`, so a throw-away fleet leaves Redis as it found it. */
export async function deleteKeysUnder(redisUrl: string, prefix: string): Promise<number> {
  const redis = createRedisConnection(redisUrl, 'producer');
  let deleted = 0;
  try {
    await assertRedisReachable(redis, redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
