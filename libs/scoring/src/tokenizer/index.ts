export { EncodedPair, TokenIds } from './encoded-pair';
export { PairTokenizer, TruncationDirection } from './pair-tokenizer';
export { longestFirstLengths } from './pair-truncation';
export { DocumentWindow, WindowOptions, planWindowStarts } from './document-windows';
export { TokenAlignmentOptions, TokenOffset, alignTokenOffsets, codePointIndexer } from './token-offsets';
export { PairEncoder, InlinePairEncoder } from './pair-encoder';
export { TokenizerPool } from './tokenizer-pool';
