/** A limit on the pairs a model's interactive queue may hold, and how to name it in a 429. */
export interface QueueBound {
  pairs: number;
  says: string;
}

/** What the fleet serving a model can score: its live workers at their measured speed. */
export interface FleetCapacity {
  pairsPerSecond: number;
  workers: number;
}

/**
 * The bounds configured for a queue: RERANK_MAX_QUEUED_PAIRS as it is, and
 * RERANK_MAX_QUEUE_SECONDS turned into pairs at the fleet's capacity (none until a worker has
 * reported its speed, since nothing says yet how fast the queue can drain).
 */
export function queueBounds(config: { maxQueuedPairs: number; maxQueueSeconds: number }, capacity: FleetCapacity): QueueBound[] {
  const bounds: QueueBound[] = [];
  if (config.maxQueuedPairs > 0)
    bounds.push({ pairs: config.maxQueuedPairs, says: `the bound of ${config.maxQueuedPairs} (RERANK_MAX_QUEUED_PAIRS)` });
  if (config.maxQueueSeconds > 0 && capacity.pairsPerSecond > 0) {
    const pairs = Math.max(1, Math.floor(config.maxQueueSeconds * capacity.pairsPerSecond));
    const workers = `${capacity.workers} worker${capacity.workers === 1 ? '' : 's'}`;
    bounds.push({
      pairs,
      says: `the bound of ${pairs} (${config.maxQueueSeconds} s of work for ${workers} scoring ${Math.round(capacity.pairsPerSecond)} pairs/s, RERANK_MAX_QUEUE_SECONDS)`,
    });
  }
  return bounds;
}

/** The tightest of `bounds` that `queued` pairs exceed; undefined while within all of them. */
export function exceededBound(queued: number, bounds: readonly QueueBound[]): QueueBound | undefined {
  return bounds.filter((bound) => queued > bound.pairs).sort((a, b) => a.pairs - b.pairs)[0];
}
