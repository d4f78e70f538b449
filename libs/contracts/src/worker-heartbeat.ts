/** Redis key of the sorted set where workers serving a model record their last heartbeat (score = epoch ms). */
export function workerHeartbeatKey(prefix: string, modelName: string): string {
  return `${prefix}:workers:${modelName}`;
}

/** Redis key of the hash where workers publish what they know of each model they serve (field = model name). */
export function modelInfoKey(prefix: string): string {
  return `${prefix}:model-info`;
}

/** What a worker publishes about a model it serves, for `GET /v1/models`. */
export interface ModelInfo {
  /** Tokens per (query, window) pair the worker feeds the model. */
  maxLength: number;
}

/** How often a worker refreshes its heartbeat, and how old one may be before the worker counts as gone. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
export const HEARTBEAT_TTL_MS = 10_000;
