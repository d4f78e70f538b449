import { planBatches } from './plan-batches';

describe('planBatches', () => {
  it('returns every position exactly once, grouped by similar length', () => {
    const lengths = [120, 10, 118, 12, 60, 11];
    const batches = planBatches(lengths, { maxTokens: 300, maxRows: 3 });
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches[0]).toEqual([1, 5, 3]);
    expect(batches).toEqual([[1, 5, 3], [4, 2], [0]]);
  });

  it('keeps each run within the padded-token budget', () => {
    const lengths = Array.from({ length: 50 }, (_, i) => 20 + ((i * 37) % 200));
    const batches = planBatches(lengths, { maxTokens: 1024, maxRows: 64 });
    for (const batch of batches) {
      const width = Math.max(...batch.map((position) => lengths[position]));
      expect(batch.length * width).toBeLessThanOrEqual(1024);
    }
  });

  it('puts an item longer than the budget in a run of its own', () => {
    expect(planBatches([5, 900, 6], { maxTokens: 100, maxRows: 8 })).toEqual([[0, 2], [1]]);
  });
});
