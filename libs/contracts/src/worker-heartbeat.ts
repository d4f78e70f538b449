import { z } from 'zod';
import { MODEL_KINDS } from './model-kind';
import { slotTag } from './slot-tag';

/**
 * Redis key of the sorted set where workers serving a model record their last heartbeat (score =
 * epoch ms). On a cluster the model's name is its hash tag, shared with `workerModelInfoKey`, so
 * a heartbeat updates both in one transaction.
 */
export function workerHeartbeatKey(prefix: string, modelName: string, cluster = false): string {
  return `${prefix}:workers:${slotTag(modelName, cluster)}`;
}

/** Redis key of the hash where workers publish what they know of each model they serve (field = model name). */
export function modelInfoKey(prefix: string): string {
  return `${prefix}:model-info`;
}

/**
 * Redis key of the hash where each worker publishes what it serves `modelName` with (field =
 * worker id), so the gateway can tell whether all of a model's live workers score alike.
 */
export function workerModelInfoKey(prefix: string, modelName: string, cluster = false): string {
  return `${prefix}:worker-model-info:${slotTag(modelName, cluster)}`;
}

/**
 * What a worker publishes about a model it serves, for `GET /v1/models` and the score cache. Read
 * leniently: an optional field a worker of another version wrote unreadably counts as absent.
 */
export const modelInfoSchema = z.object({
  /** Tokens per (query, window) pair the worker feeds the model. */
  maxLength: z.number(),
  /**
   * SHA-256 (hex) of the model's ONNX and tokenizer files as loaded; absent from workers that
   * predate the score cache, whose scores the gateway then never caches.
   */
  fingerprint: z.string().optional().catch(undefined),
  /** What the model computes; absent from workers that predate bi-encoders, which serve only cross-encoders. */
  kind: z.enum(MODEL_KINDS).optional().catch(undefined),
  /** Length of the model's vectors (bi-encoders only). */
  dimensions: z.number().optional().catch(undefined),
});

export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** How often a worker refreshes its heartbeat, and how old one may be before the worker counts as gone. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
export const HEARTBEAT_TTL_MS = 10_000;
