/** A limit on the pairs a model's interactive queue may hold, and how to name it in a 429. */
export interface QueueBound {
  pairs: number;
  says: string;
}

/**
 * The bounds configured for a queue: RERANK_MAX_QUEUED_PAIRS as it is, and
 * RERANK_MAX_QUEUE_SECONDS turned into pairs at the fleet's measured capacity (none until the
 * fleet has finished something, since nothing says yet how fast the queue drains).
 */
export function queueBounds(config: { maxQueuedPairs: number; maxQueueSeconds: number }, capacityPairsPerSecond: number): QueueBound[] {
  const bounds: QueueBound[] = [];
  if (config.maxQueuedPairs > 0) bounds.push({ pairs: config.maxQueuedPairs, says: `the bound of ${config.maxQueuedPairs} (RERANK_MAX_QUEUED_PAIRS)` });
  if (config.maxQueueSeconds > 0 && capacityPairsPerSecond > 0) {
    const pairs = Math.max(1, Math.floor(config.maxQueueSeconds * capacityPairsPerSecond));
    const rate = capacityPairsPerSecond < 10 ? capacityPairsPerSecond.toFixed(1) : String(Math.round(capacityPairsPerSecond));
    bounds.push({ pairs, says: `the bound of ${pairs} (${config.maxQueueSeconds} s of work at the ${rate} pairs/s the fleet drains, RERANK_MAX_QUEUE_SECONDS)` });
  }
  return bounds;
}

/** The tightest of `bounds` that `queued` pairs exceed; undefined while within all of them. */
export function exceededBound(queued: number, bounds: readonly QueueBound[]): QueueBound | undefined {
  return bounds.filter((bound) => queued > bound.pairs).sort((a, b) => a.pairs - b.pairs)[0];
}
