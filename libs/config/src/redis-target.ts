import { z } from 'zod';
import { ConfigError, parseEnv } from './parse-env';
import { sharedEnvSchema } from './env-schema';

/** One `host:port` of a sentinel or a cluster node. */
export interface RedisAddress {
  host: string;
  port: number;
}

/**
 * Where the fleet's Redis is. `url` always carries the data nodes' credentials, TLS (`rediss://`)
 * and, for a single server or a Sentinel-managed master, the database number; its host and port
 * are the server's only in `single` mode.
 */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; url: string; sentinels: RedisAddress[]; masterName: string; sentinelPassword?: string }
  | { mode: 'cluster'; url: string; nodes: RedisAddress[] };

/** `host:port` or `[ipv6]:port`, each entry checked, so a typo names itself. */
export function parseRedisAddresses(value: string): RedisAddress[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('must list at least one host:port');
  return entries.map((entry) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65_535) throw new Error(`"${entry}" is not host:port with a port from 1 to 65535`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

/** An address list parsed inside the schema, so its errors are reported under the variable's name. */
export const redisAddressList = z.string().transform((value, context) => {
  try {
    return parseRedisAddresses(value);
  } catch (error) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

/** The Redis variables of the environment schema, parsed. */
export interface RedisEnv {
  REDIS_URL: string;
  REDIS_SENTINELS?: RedisAddress[];
  REDIS_SENTINEL_MASTER?: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_CLUSTER_NODES?: RedisAddress[];
}

/** Combinations of Redis variables that no mode takes. */
function redisModeIssues(env: Partial<RedisEnv>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (env.REDIS_SENTINELS && env.REDIS_CLUSTER_NODES) {
    issues.push({
      path: 'REDIS_CLUSTER_NODES',
      message: 'cannot be set together with REDIS_SENTINELS: a Redis is either Sentinel-managed or a cluster',
    });
  }
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_MASTER) {
    issues.push({
      path: 'REDIS_SENTINEL_MASTER',
      message: 'is required with REDIS_SENTINELS: the master name the sentinels monitor (e.g. "mymaster")',
    });
  }
  if (!env.REDIS_SENTINELS && env.REDIS_SENTINEL_MASTER) {
    issues.push({ path: 'REDIS_SENTINELS', message: "is required with REDIS_SENTINEL_MASTER: the sentinels' host:port list" });
  }
  if (!env.REDIS_SENTINELS && env.REDIS_SENTINEL_PASSWORD) {
    issues.push({ path: 'REDIS_SENTINEL_PASSWORD', message: 'is only used with REDIS_SENTINELS' });
  }
  if (env.REDIS_CLUSTER_NODES && env.REDIS_URL && /^rediss?:\/\/[^/]*\/\d+/i.test(env.REDIS_URL) && !/\/0\/?$/.test(env.REDIS_URL)) {
    issues.push({ path: 'REDIS_URL', message: 'cannot select a database with REDIS_CLUSTER_NODES: a Redis Cluster has database 0 only' });
  }
  return issues;
}

/** The Redis the variables describe; a combination no mode takes stops the process, naming the variable. */
export function redisTargetFromEnv(env: RedisEnv): RedisTarget {
  const issues = redisModeIssues(env);
  if (issues.length > 0) {
    throw new ConfigError(`invalid configuration:\n${issues.map(({ path, message }) => `  ${path}: ${message}`).join('\n')}`);
  }
  const url = env.REDIS_URL;
  if (env.REDIS_SENTINELS && env.REDIS_SENTINEL_MASTER) {
    return {
      mode: 'sentinel',
      url,
      sentinels: env.REDIS_SENTINELS,
      masterName: env.REDIS_SENTINEL_MASTER,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    };
  }
  if (env.REDIS_CLUSTER_NODES) return { mode: 'cluster', url, nodes: env.REDIS_CLUSTER_NODES };
  return { mode: 'single', url };
}

/** The Redis variables alone, for tools and benches that start or clean up a fleet. */
export function loadRedisTarget(env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const schema = sharedEnvSchema.pick({
    REDIS_URL: true,
    REDIS_SENTINELS: true,
    REDIS_SENTINEL_MASTER: true,
    REDIS_SENTINEL_PASSWORD: true,
    REDIS_CLUSTER_NODES: true,
  });
  return redisTargetFromEnv(parseEnv(schema, env));
}
