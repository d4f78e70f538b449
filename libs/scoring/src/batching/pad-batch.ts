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

// Token ids and type ids are small non-negative integers: on a little-endian host an int64 is
// its int32 low word followed by a zero high word, so the tensors are written through Int32Array
// views of their buffers instead of creating a BigInt per token.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes row after row into zero-filled int64 tensors, `width` tokens apart. */
function writeRows(pairs: readonly EncodedPair[], width: number, ids: BigInt64Array, mask: BigInt64Array, types: BigInt64Array): void {
  if (!LITTLE_ENDIAN) {
    pairs.forEach(({ inputIds, tokenTypeIds }, row) => {
      for (let column = 0; column < inputIds.length; column++) {
        ids[row * width + column] = BigInt(inputIds[column]);
        mask[row * width + column] = 1n;
        types[row * width + column] = BigInt(tokenTypeIds[column]);
      }
    });
    return;
  }
  const [idWords, maskWords, typeWords] = [ids, mask, types].map((data) => new Int32Array(data.buffer, data.byteOffset, data.length * 2));
  for (let row = 0; row < pairs.length; row++) {
    const { inputIds, tokenTypeIds } = pairs[row];
    let word = row * width * 2;
    for (let column = 0; column < inputIds.length; column++, word += 2) {
      idWords[word] = inputIds[column];
      maskWords[word] = 1;
      typeWords[word] = tokenTypeIds[column];
    }
  }
}

/** Pads pairs to the longest one in the batch (not to max_length): padding is pure wasted work. */
export function padBatch(pairs: readonly EncodedPair[]): PaddedBatch {
  if (pairs.length === 0) throw new Error('cannot pad an empty batch');
  let width = 0;
  let realTokens = 0;
  for (const pair of pairs) {
    width = Math.max(width, pair.inputIds.length);
    realTokens += pair.inputIds.length;
  }
  const size = pairs.length * width;
  // Zero-filled: padding is token id 0 with mask 0 and type 0.
  const ids = new BigInt64Array(size);
  const mask = new BigInt64Array(size);
  const types = new BigInt64Array(size);
  writeRows(pairs, width, ids, mask, types);
  const dims = [pairs.length, width];
  return {
    inputIds: new Tensor('int64', ids, dims),
    attentionMask: new Tensor('int64', mask, dims),
    tokenTypeIds: new Tensor('int64', types, dims),
    paddedTokens: size,
    realTokens,
  };
}
