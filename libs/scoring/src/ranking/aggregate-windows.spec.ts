import { aggregateWindows } from './aggregate-windows';

describe('aggregateWindows', () => {
  const logits = [-1, 3, 0.5, 3, 2];

  it('returns the best window and its logit for max, the earlier one on a tie', () => {
    expect(aggregateWindows(logits, 'max')).toEqual({ logit: 3, best: 1 });
  });

  it('returns the first window whatever the others score for first', () => {
    expect(aggregateWindows(logits, 'first')).toEqual({ logit: -1, best: 0 });
  });

  it('returns the mean of the top k windows and the best of them for mean', () => {
    expect(aggregateWindows(logits, 'mean', 3)).toEqual({ logit: (3 + 3 + 2) / 3, best: 1 });
  });

  it('returns the mean of all windows when k exceeds their number', () => {
    expect(aggregateWindows([1, 2], 'mean', 5).logit).toBeCloseTo(1.5, 10);
  });

  it('returns the one logit of a single window for every aggregation', () => {
    for (const aggregation of ['max', 'first', 'mean'] as const) {
      expect(aggregateWindows([0.25], aggregation, 3)).toEqual({ logit: 0.25, best: 0 });
    }
  });

  it('throws for a document without windows', () => {
    expect(() => aggregateWindows([], 'max')).toThrow(RangeError);
  });
});
