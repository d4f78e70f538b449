/** One (query, document) pair as model input ids, unpadded; both arrays have the same length. */
export interface EncodedPair {
  inputIds: number[];
  tokenTypeIds: number[];
}
