import { padBatch } from './pad-batch';

describe('padBatch', () => {
  it('pads to the longest pair with zeros and masks the padding', () => {
    const batch = padBatch([
      { inputIds: [101, 7, 102], tokenTypeIds: [0, 0, 0] },
      { inputIds: [101, 8, 102, 9, 102], tokenTypeIds: [0, 0, 0, 1, 1] },
    ]);
    expect(batch.inputIds.dims).toEqual([2, 5]);
    expect(Array.from(batch.inputIds.data as BigInt64Array, Number)).toEqual([101, 7, 102, 0, 0, 101, 8, 102, 9, 102]);
    expect(Array.from(batch.attentionMask.data as BigInt64Array, Number)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.tokenTypeIds.data as BigInt64Array, Number)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(batch.paddedTokens).toBe(10);
    expect(batch.realTokens).toBe(8);
  });

  it('refuses an empty batch', () => {
    expect(() => padBatch([])).toThrow('empty batch');
  });
});
