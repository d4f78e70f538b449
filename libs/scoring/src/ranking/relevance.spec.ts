import { rankByLogit, sigmoid } from './relevance';

describe('sigmoid', () => {
  it('returns 0.5 at zero and known values elsewhere', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(0.880797, 6);
    expect(sigmoid(-2)).toBeCloseTo(0.119203, 6);
  });

  it('stays finite and ordered for extreme logits', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-30)).toBeGreaterThan(0);
  });
});

describe('rankByLogit', () => {
  it('returns best first and keeps request order for ties', () => {
    const ranked = rankByLogit([
      { index: 0, logit: -1 },
      { index: 1, logit: 3 },
      { index: 2, logit: 0.5 },
      { index: 3, logit: 3 },
    ]);
    expect(ranked.map((entry) => entry.index)).toEqual([1, 3, 2, 0]);
  });
});
