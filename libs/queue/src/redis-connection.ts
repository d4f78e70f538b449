import IORedis, { RedisOptions } from 'ioredis';

/** Removes the password from a Redis URL so it can be logged. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable REDIS_URL>';
  }
}

export type RedisRole = 'producer' | 'consumer';

/**
 * Connection for BullMQ. Consumers (workers, QueueEvents) block on Redis and must retry
 * forever (BullMQ requires maxRetriesPerRequest: null); producers fail fast so an HTTP
 * request gets an error instead of hanging while Redis is away.
 */
export function createRedisConnection(url: string, role: RedisRole, extra: RedisOptions = {}): IORedis {
  const options: RedisOptions =
    role === 'consumer'
      ? { maxRetriesPerRequest: null, ...extra }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, ...extra };
  // Producers connect explicitly (assertRedisReachable): with the offline queue off, a
  // command sent before the connection is ready would fail instead of waiting.
  return new IORedis(url, { lazyConnect: role === 'producer', ...options });
}

/** Connects and pings once, turning "nothing listens there" into a message that says what to do. */
export async function assertRedisReachable(connection: IORedis, url: string, timeoutMs = 5_000): Promise<void> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    if (connection.status === 'wait') await Promise.race([connection.connect(), timeout]);
    await Promise.race([connection.ping(), timeout]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Redis is not reachable at ${redactRedisUrl(url)} (${reason}). ` +
        'Start it with `redis-server` (or `docker compose up -d redis`), or point REDIS_URL at a running Redis.',
      { cause: error },
    );
  }
}
