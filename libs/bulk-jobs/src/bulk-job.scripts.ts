import type { LuaScript } from '@rerank/queue';

/**
 * Lua scripts run atomically in Redis, so that concurrent workers, a batch run twice after a
 * crash, and a cancel racing a write never see (or leave) a half-updated job.
 */

/**
 * Stores a batch's scores once per (job, query, document) and advances the job.
 * KEYS[1] = record, KEYS[2..] = one score hash per query slice.
 * ARGV[1] = now (epoch ms), then per score hash: n, id1, logit1, …, idn, logitn.
 * Returns {written, pairsDone, state}; pairsDone = -1 when the job is not active.
 */
export const STORE_SCORES_SCRIPT: LuaScript = {
  name: 'rerankBulkStoreScores',
  lua: `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'running' then
  return {0, -1, state or ''}
end
local ttl = redis.call('PTTL', KEYS[1])
local written = 0
local a = 2
for k = 2, #KEYS do
  local n = tonumber(ARGV[a])
  a = a + 1
  for i = 1, n do
    written = written + redis.call('HSETNX', KEYS[k], ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  if ttl > 0 then redis.call('PEXPIRE', KEYS[k], ttl) end
end
local done = redis.call('HINCRBY', KEYS[1], 'pairsDone', written)
if written > 0 then
  redis.call('HSETNX', KEYS[1], 'startedAt', ARGV[1])
  if state == 'queued' then
    redis.call('HSET', KEYS[1], 'state', 'running')
    state = 'running'
  end
end
if done >= tonumber(redis.call('HGET', KEYS[1], 'pairsTotal')) then
  redis.call('HSET', KEYS[1], 'state', 'completed', 'finishedAt', ARGV[1])
  state = 'completed'
end
return {written, done, state}
`,
};

/**
 * Moves an active job to a final state (cancelled or failed); a finished job stays as it is.
 * KEYS[1] = record. ARGV = {final state, now, reason or ''}. Returns the state before.
 */
export const FINISH_SCRIPT: LuaScript = {
  name: 'rerankBulkFinish',
  lua: `
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'queued' or state == 'running' then
  redis.call('HSET', KEYS[1], 'state', ARGV[1], 'finishedAt', ARGV[2])
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'failedReason', ARGV[3]) end
end
return state or ''
`,
};
