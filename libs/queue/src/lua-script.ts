import type { RedisClient } from './redis-connection';

/** A Lua script of ours: a name unique in the process, and its source. */
export interface LuaScript {
  readonly name: string;
  readonly lua: string;
}

type ScriptCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * Runs `script` on `keys` and `args` as a command ioredis defines once per connection: it sends
 * EVALSHA, and the source only when a server does not know the script yet (a restart, a failover,
 * a new cluster node), instead of the whole source on every call. On a cluster every key must
 * share a hash slot (see `slotTag`).
 */
export function runScript(
  redis: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const commands = redis as unknown as Record<string, ScriptCommand | undefined>;
  let command = commands[script.name];
  if (typeof command !== 'function') {
    redis.defineCommand(script.name, { lua: script.lua });
    command = commands[script.name];
    if (typeof command !== 'function') throw new Error(`ioredis did not define the command ${script.name}`);
  }
  return command.call(redis, keys.length, ...keys, ...args);
}
