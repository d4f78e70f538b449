import { exceededBound, queueBounds } from './queue-bounds.policy';

const fleet = (pairsPerSecond: number, workers = 1) => ({ pairsPerSecond, workers });

describe('queueBounds', () => {
  it('has none when neither bound is set', () => {
    expect(queueBounds({ maxQueuedPairs: 0, maxQueueSeconds: 0 }, fleet(500))).toEqual([]);
  });

  it("turns seconds of work into pairs at the fleet's capacity, and waits for a measurement", () => {
    expect(queueBounds({ maxQueuedPairs: 0, maxQueueSeconds: 4 }, fleet(261.2, 2))).toEqual([
      { pairs: 1044, says: 'the bound of 1044 (4 s of work for 2 workers scoring 261 pairs/s, RERANK_MAX_QUEUE_SECONDS)' },
    ]);
    expect(queueBounds({ maxQueuedPairs: 0, maxQueueSeconds: 4 }, fleet(0, 0))).toEqual([]);
  });

  it('keeps the pairs bound whatever the capacity', () => {
    expect(queueBounds({ maxQueuedPairs: 600, maxQueueSeconds: 0 }, fleet(0, 0))).toEqual([
      { pairs: 600, says: 'the bound of 600 (RERANK_MAX_QUEUED_PAIRS)' },
    ]);
  });
});

describe('exceededBound', () => {
  const bounds = queueBounds({ maxQueuedPairs: 600, maxQueueSeconds: 2 }, fleet(100));

  it('is undefined within every bound, the bound itself included', () => {
    expect(exceededBound(200, bounds)).toBeUndefined();
  });

  it('names the tightest bound exceeded', () => {
    expect(exceededBound(201, bounds)?.pairs).toBe(200);
    expect(exceededBound(700, bounds)?.pairs).toBe(200);
    expect(exceededBound(700, bounds.slice(0, 1))?.says).toBe('the bound of 600 (RERANK_MAX_QUEUED_PAIRS)');
  });
});
