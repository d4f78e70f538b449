/** Redis key of the sorted set where workers serving a model record their last heartbeat (score = epoch ms). */
export function workerHeartbeatKey(prefix: string, modelName: string): string {
  return `${prefix}:workers:${modelName}`;
}

/** How often a worker refreshes its heartbeat, and how old one may be before the worker counts as gone. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
export const HEARTBEAT_TTL_MS = 10_000;
