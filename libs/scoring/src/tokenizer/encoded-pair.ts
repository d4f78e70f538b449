/**
 * Token ids of one sequence: plain arrays from the tokenizer, or views into the buffer a
 * tokenizer thread transferred (no copy on the way to the batcher).
 */
export type TokenIds = readonly number[] | Int32Array;

/** One (query, document) pair as model input ids, unpadded; both arrays have the same length. */
export interface EncodedPair {
  inputIds: TokenIds;
  tokenTypeIds: TokenIds;
}
