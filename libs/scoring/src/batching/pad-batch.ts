import { Tensor } from 'onnxruntime-node';
import { EncodedPair } from '../tokenizer/encoded-pair';

export interface PaddedBatch {
  inputIds: Tensor;
  attentionMask: Tensor;
  tokenTypeIds: Tensor;
  /** Tokens fed to the model, padding included, and the real ones among them. */
  paddedTokens: number;
  realTokens: number;
}

const PAD_TOKEN_ID = 0n;

/** Pads pairs to the longest one in the batch (not to max_length): padding is pure wasted work. */
export function padBatch(pairs: readonly EncodedPair[]): PaddedBatch {
  if (pairs.length === 0) throw new Error('cannot pad an empty batch');
  const width = Math.max(...pairs.map((pair) => pair.inputIds.length));
  const size = pairs.length * width;
  const ids = new BigInt64Array(size).fill(PAD_TOKEN_ID);
  const mask = new BigInt64Array(size);
  const types = new BigInt64Array(size);
  let realTokens = 0;
  pairs.forEach((pair, row) => {
    const offset = row * width;
    for (let column = 0; column < pair.inputIds.length; column++) {
      ids[offset + column] = BigInt(pair.inputIds[column]);
      mask[offset + column] = 1n;
      types[offset + column] = BigInt(pair.tokenTypeIds[column]);
    }
    realTokens += pair.inputIds.length;
  });
  const dims = [pairs.length, width];
  return {
    inputIds: new Tensor('int64', ids, dims),
    attentionMask: new Tensor('int64', mask, dims),
    tokenTypeIds: new Tensor('int64', types, dims),
    paddedTokens: size,
    realTokens,
  };
}
