import { evaluateRun } from './evaluate-run';
import { averagePrecision, ndcgAt, recallAt, reciprocalRankAt } from './metrics';

// d1 = 3, d2 = 2, d4 = 1 are relevant; d3 is judged not relevant; d5 is unjudged.
const judgments = new Map([
  ['d1', 3],
  ['d2', 2],
  ['d3', 0],
  ['d4', 1],
]);
const ranking = ['d3', 'd1', 'd5', 'd4', 'd2'];

describe('ndcgAt', () => {
  it('returns trec_eval ndcg_cut: gain = level, log2(rank + 1) discount, ideal from all judged documents', () => {
    // DCG  = 0/1 + 3/log2(3) + 0/2 + 1/log2(5) + 2/log2(6) = 3.0971714
    // IDCG = 3/1 + 2/log2(3) + 1/log2(4)                   = 4.7618595
    expect(ndcgAt(ranking, judgments, 10)).toBeCloseTo(0.6504122, 6);
  });

  it('cuts both the ranking and the ideal ranking at k', () => {
    // DCG@3 = 3/log2(3); IDCG@3 = 3 + 2/log2(3) + 1/2 (the third ideal gain is 1, not 0).
    expect(ndcgAt(ranking, judgments, 3)).toBeCloseTo(0.3974895, 6);
  });

  it('returns 1 for the ideal ranking and 0 when nothing is relevant', () => {
    expect(ndcgAt(['d1', 'd2', 'd4', 'd3'], judgments, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(['a'], new Map([['a', 0]]), 10)).toBe(0);
  });
});

describe('reciprocalRankAt', () => {
  it('returns 1 / rank of the first document judged 1 or more', () => {
    expect(reciprocalRankAt(ranking, judgments, 10)).toBe(0.5);
  });

  it('returns 0 when the first relevant document is below the cut-off', () => {
    expect(reciprocalRankAt(ranking, judgments, 1)).toBe(0);
    const late = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'd1'];
    expect(reciprocalRankAt(late, judgments, 10)).toBe(0);
  });
});

describe('recallAt', () => {
  it('returns the share of relevant documents in the top k', () => {
    expect(recallAt(ranking, judgments, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(ranking, judgments, 5)).toBe(1);
    expect(recallAt([], judgments, 100)).toBe(0);
  });
});

describe('averagePrecision', () => {
  it('averages precision at each relevant document over all relevant documents', () => {
    // relevant at ranks 2, 4, 5: (1/2 + 2/4 + 3/5) / 3
    expect(averagePrecision(ranking, judgments)).toBeCloseTo(1.6 / 3, 12);
  });

  it('counts relevant documents never retrieved as zero precision', () => {
    expect(
      averagePrecision(
        ['a', 'x'],
        new Map([
          ['a', 1],
          ['b', 1],
        ]),
      ),
    ).toBe(0.5);
  });
});

describe('evaluateRun', () => {
  it('averages over every judged query, a query missing from the run scoring 0', () => {
    const qrels = new Map([
      ['q1', new Map([['a', 1]])],
      ['q2', new Map([['b', 2]])],
    ]);
    const run = new Map([['q1', ['x', 'a']]]);
    expect(evaluateRun(run, qrels)).toEqual({
      'ndcg@10': 1 / Math.log2(3) / 2,
      'mrr@10': 0.25,
      'recall@100': 0.5,
      map: 0.25,
    });
  });
});
