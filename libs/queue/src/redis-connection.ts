import IORedis, { Cluster, RedisOptions } from 'ioredis';
import type { RedisTarget } from '@rerank/config';
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

/** Sentinel and cluster nodes take their credentials, TLS and database from REDIS_URL, without its host. */
function credentialsOf(url: string): RedisOptions {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : (parsed.searchParams.get('password') ?? undefined);
  const db = Number(parsed.pathname.slice(1) || '0');
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(password ? { password } : {}),
    ...(db ? { db } : {}),
    ...redisUrlOptions(url),
  };
}

export type RedisRole = 'producer' | 'consumer';

/** A connection to the fleet's Redis, whatever its mode; the commands the fleet uses exist on both. */
export type RedisClient = IORedis | Cluster;

/**
 * Connection for BullMQ and for every key of our own. Consumers (workers, QueueEvents) block on
 * Redis and must retry forever (BullMQ requires maxRetriesPerRequest: null); producers fail fast
 * so an HTTP request gets an error instead of hanging while Redis is away. A plain URL (string)
 * is a single server, as REDIS_URL alone is.
 */
export function createRedisConnection(target: string, role: RedisRole, extra?: RedisOptions): IORedis;
export function createRedisConnection(target: RedisTarget | string, role: RedisRole, extra?: RedisOptions): RedisClient;
export function createRedisConnection(target: RedisTarget | string, role: RedisRole, extra: RedisOptions = {}): RedisClient {
  const resolved: RedisTarget = typeof target === 'string' ? { mode: 'single', url: target } : target;
  const options: RedisOptions =
    role === 'consumer' ? { maxRetriesPerRequest: null, ...extra } : { maxRetriesPerRequest: 1, enableOfflineQueue: false, ...extra };
  // Producers connect explicitly (assertRedisReachable): with the offline queue off, a
  // command sent before the connection is ready would fail instead of waiting.
  const lazyConnect = role === 'producer';
  const connection = connect(resolved, { lazyConnect, ...options });
  // Without an 'error' listener ioredis prints every failed reconnect as an unstructured line.
  logErrorsOf(connection, 'Redis', { role });
  return connection;
}

function connect(target: RedisTarget, options: RedisOptions): RedisClient {
  switch (target.mode) {
    case 'single':
      return new IORedis(target.url, { ...redisUrlOptions(target.url), ...options });
    case 'sentinel': {
      const credentials = credentialsOf(target.url);
      return new IORedis({
        sentinels: target.sentinels,
        name: target.masterName,
        sentinelPassword: target.sentinelPassword,
        ...(credentials.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
        // No failoverDetector: with it on (ioredis 5.11) a worker's connection stayed "closed" for
        // good after the failover e2e killed the master; without it every reconnect asks the
        // sentinels anyway. A live master demoted to replica answers writes with READONLY: reconnect.
        reconnectOnError: (error) => (/^READONLY/.test(error.message) ? 2 : false),
        ...credentials,
        ...options,
      });
    }
    case 'cluster': {
      const { lazyConnect, enableOfflineQueue, db: _db, ...nodeOptions } = { ...credentialsOf(target.url), ...options };
      return new Cluster(target.nodes, {
        lazyConnect,
        enableOfflineQueue,
        // No auto-pipelining: in ioredis 5.11 it mixes slots of one node into a pipeline the
        // cluster then refuses, and misses commands defined after it started (our scripts).
        enableAutoPipelining: false,
        redisOptions: nodeOptions,
      });
    }
  }
}

/** How a log line may name the Redis without its password. */
export function describeRedisTarget(target: RedisTarget | string): string {
  if (typeof target === 'string' || target.mode === 'single') return redactRedisUrl(typeof target === 'string' ? target : target.url);
  const hosts = (target.mode === 'sentinel' ? target.sentinels : target.nodes).map(({ host, port }) => `${host}:${port}`).join(',');
  return target.mode === 'sentinel' ? `sentinel master "${target.masterName}" via ${hosts}` : `cluster via ${hosts}`;
}

/** Connects and pings once, turning "nothing listens there" into a message that says what to do. */
export async function assertRedisReachable(connection: RedisClient, target: RedisTarget | string, timeoutMs = 5_000): Promise<void> {
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
    throw new Error(unreachableMessage(describeRedisTarget(target), cause instanceof Error ? cause.message : String(cause)), { cause });
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
