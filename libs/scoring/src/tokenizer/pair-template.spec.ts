import { PairTemplate } from './pair-template';

describe('PairTemplate', () => {
  it('returns BERT layout with type ids 0 then 1 when learned from a [CLS] A [SEP] B [SEP] probe', () => {
    const template = PairTemplate.fromProbe({
      first: [11, 12],
      second: [21],
      pair: { inputIds: [101, 11, 12, 102, 21, 102], tokenTypeIds: [0, 0, 0, 0, 1, 1] },
    });
    expect(template.specialCount).toBe(3);
    expect(template.assemble([5, 6, 7], [8, 9])).toEqual({
      inputIds: [101, 5, 6, 7, 102, 8, 9, 102],
      tokenTypeIds: [0, 0, 0, 0, 0, 1, 1, 1],
    });
  });

  it('returns the RoBERTa layout when learned from a <s> A </s></s> B </s> probe', () => {
    const template = PairTemplate.fromProbe({
      first: [11],
      second: [21],
      pair: { inputIds: [0, 11, 2, 2, 21, 2], tokenTypeIds: [0, 0, 0, 0, 0, 0] },
    });
    expect(template.specialCount).toBe(4);
    expect(template.assemble([5], []).inputIds).toEqual([0, 5, 2, 2, 2]);
  });

  it('throws when the probe sequences do not appear in the pair', () => {
    expect(() =>
      PairTemplate.fromProbe({
        first: [11],
        second: [21],
        pair: { inputIds: [101, 11, 102], tokenTypeIds: [0, 0, 0] },
      }),
    ).toThrow('cannot find both probe sequences');
  });
});
