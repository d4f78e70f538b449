import type { RedisTarget } from '@rerank/config';

/**
 * BullMQ's prefix for one queue. A queue's Lua scripts touch many of its keys at once, which a
 * cluster allows only within one hash slot: on a cluster the queue's name is the prefix's hash
 * tag, so each queue's keys share a slot while different queues (models, lanes) spread over the
 * shards. A single server or a Sentinel-managed master keeps the plain prefix, so the keys of a
 * deployment that does not move to a cluster stay where they were.
 */
export function bullPrefixFor(target: RedisTarget, queuePrefix: string, queueName: string): string {
  return target.mode === 'cluster' ? `${queuePrefix}:{${queueName}}` : queuePrefix;
}
