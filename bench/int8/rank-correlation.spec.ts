import { ranks, spearman } from './rank-correlation';

describe('ranks', () => {
  it("returns each value's position in sorted order, ties sharing their mean rank", () => {
    expect(ranks([30, 10, 20])).toEqual([2, 0, 1]);
    expect(ranks([5, 1, 5, 0])).toEqual([2.5, 1, 2.5, 0]);
  });
});

describe('spearman', () => {
  it('returns 1 when the orders agree and -1 when they are reversed', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 35, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('returns 0.8 when one adjacent pair of four is swapped', () => {
    // 1 - 6 * (1 + 1) / (4 * 15)
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it('throws when the samples differ in length', () => {
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});
