import { fuseByReciprocalRank } from './reciprocal-rank-fusion';

const hits = (...ids: string[]) => ids.map((id, i) => ({ id, text: id, score: 10 - i }));

describe('fuseByReciprocalRank', () => {
  it('ranks a document both stages found above documents only one found', () => {
    const fused = fuseByReciprocalRank(
      [
        { stage: 'bm25', hits: hits('a', 'b', 'c') },
        { stage: 'dense', hits: hits('x', 'y', 'b') },
      ],
      10,
    );
    expect(fused.map((hit) => hit.id)).toEqual(['b', 'a', 'x', 'y', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 63, 12);
    expect(fused[0].stages).toEqual({ bm25: { rank: 2, score: 9 }, dense: { rank: 3, score: 8 } });
    expect(fused[1].stages).toEqual({ bm25: { rank: 1, score: 10 } });
    expect(fused[2].stages).toEqual({ dense: { rank: 1, score: 10 } });
  });

  it("uses k: a small k lets one stage's top rank beat a document both found lower down", () => {
    const rankings = [
      { stage: 'bm25' as const, hits: hits('a', 'b', 'c', 'd') },
      { stage: 'dense' as const, hits: hits('x', 'y', 'z', 'd') },
    ];
    expect(fuseByReciprocalRank(rankings, 1, 60)[0].id).toBe('d');
    expect(fuseByReciprocalRank(rankings, 1, 1)[0].id).toBe('a');
  });

  it('returns at most limit hits', () => {
    expect(fuseByReciprocalRank([{ stage: 'bm25', hits: hits('a', 'b', 'c') }], 2).map((hit) => hit.id)).toEqual(['a', 'b']);
  });
});
