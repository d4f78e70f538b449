import IORedis, { RedisOptions } from 'ioredis';
import { logErrorsOf } from './redis-errors';

/** Removes the password from a Redis URL (user info, or ioredis' `?password=`) so it can be logged. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '<unparseable REDIS_URL>';
  }
}

/**
 * Options a URL implies that ioredis would not take from it: it turns TLS on only for a
 * lower-case `rediss://` prefix, while URL schemes are case-insensitive. The server certificate
 * is verified against Node's CAs; NODE_EXTRA_CA_CERTS adds a private one.
 */
export function redisUrlOptions(url: string): RedisOptions {
  return /^rediss:\/\//i.test(url) ? { tls: {} } : {};
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
  const connection = new IORedis(url, { lazyConnect: role === 'producer', ...redisUrlOptions(url), ...options });
  // Without an 'error' listener ioredis prints every failed reconnect as an unstructured line.
  logErrorsOf(connection, 'Redis', { role });
  return connection;
}

/** Connects and pings once, turning "nothing listens there" into a message that says what to do. */
export async function assertRedisReachable(connection: IORedis, url: string, timeoutMs = 5_000): Promise<void> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  // A refused password or certificate rejects connect() only with "Connection is closed."; the
  // reason comes as an error event.
  let lastError: unknown;
  const remember = (error: unknown) => (lastError = error);
  connection.on('error', remember);
  try {
    if (connection.status === 'wait') await Promise.race([connection.connect(), timeout]);
    await Promise.race([connection.ping(), timeout]);
  } catch (error) {
    const cause = lastError ?? error;
    throw new Error(unreachableMessage(redactRedisUrl(url), cause instanceof Error ? cause.message : String(cause)), { cause });
  } finally {
    connection.off('error', remember);
  }
}

/** Redis' and Node's reasons name neither the URL nor the password, so they are safe to print. */
function unreachableMessage(where: string, reason: string): string {
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(reason)) {
    return `Redis at ${where} refused the credentials (${reason}). Check the user name and password in REDIS_URL (redis://user:password@host:port).`;
  }
  if (/certificate|self[- ]signed|altnames|SSL|TLS|EPROTO/i.test(reason)) {
    return (
      `Redis at ${where} failed the TLS handshake (${reason}). Use rediss:// only for a server that speaks TLS; ` +
      "for a certificate signed by a private CA, point NODE_EXTRA_CA_CERTS at that CA's PEM file."
    );
  }
  return (
    `Redis is not reachable at ${where} (${reason}). ` +
    'Start it with `redis-server` (or `docker compose up -d redis`), or point REDIS_URL at a running Redis.'
  );
}
