export { EncodedPair } from './encoded-pair';
export { PairTokenizer } from './pair-tokenizer';
export { longestFirstLengths } from './pair-truncation';
