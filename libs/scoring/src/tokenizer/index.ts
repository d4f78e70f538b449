export { EncodedPair } from './encoded-pair';
export { PairTokenizer, TruncationDirection } from './pair-tokenizer';
export { longestFirstLengths } from './pair-truncation';
export { DocumentWindow, WindowOptions, planWindowStarts } from './document-windows';
export { TokenAlignmentOptions, TokenOffset, alignTokenOffsets, codePointIndexer } from './token-offsets';
