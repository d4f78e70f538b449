import { rankScoredFirst } from './rank-partial';

describe('rankScoredFirst', () => {
  it('returns the scored documents best first, then the unscored ones in their original order', () => {
    const ranked = rankScoredFirst([Number.NaN, 0.5, Number.NaN, 3, -1, Number.NaN, 3]);
    expect(ranked).toEqual([
      { index: 3, logit: 3 },
      { index: 6, logit: 3 },
      { index: 1, logit: 0.5 },
      { index: 4, logit: -1 },
      { index: 0, logit: null },
      { index: 2, logit: null },
      { index: 5, logit: null },
    ]);
  });

  it('returns every document in original order when none was scored, and best first when all were', () => {
    expect(rankScoredFirst([Number.NaN, Number.NaN]).map((entry) => entry.index)).toEqual([0, 1]);
    expect(rankScoredFirst([1, 2, 0]).map((entry) => entry.index)).toEqual([1, 0, 2]);
  });
});
