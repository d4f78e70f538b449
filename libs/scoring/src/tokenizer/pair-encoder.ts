import type { DocumentWindow, WindowOptions } from './document-windows';
import type { EncodedPair } from './encoded-pair';
import type { PairTokenizer, TruncationDirection } from './pair-tokenizer';

/** PairTokenizer's encoding calls, made wherever the tokenizing happens (this thread or a pool). */
export interface PairEncoder {
  encodePairs(
    query: string,
    documents: readonly string[],
    maxLength: number,
    maxDocumentTokens?: number,
    direction?: TruncationDirection,
  ): Promise<EncodedPair[]>;
  encodeWindows(query: string, documents: readonly string[], maxLength: number, options: WindowOptions): Promise<DocumentWindow[][]>;
  close(): Promise<void>;
  /** OS ids of the threads that tokenize, where they are not the caller's (Linux). */
  readonly threadIds: number[];
}

/** Tokenizes on the calling thread (WORKER_TOKENIZER_THREADS=0). */
export class InlinePairEncoder implements PairEncoder {
  constructor(private readonly tokenizer: PairTokenizer) {}

  async encodePairs(
    query: string,
    documents: readonly string[],
    maxLength: number,
    maxDocumentTokens?: number,
    direction?: TruncationDirection,
  ): Promise<EncodedPair[]> {
    return this.tokenizer.encodePairs(query, documents, maxLength, maxDocumentTokens, direction);
  }

  async encodeWindows(query: string, documents: readonly string[], maxLength: number, options: WindowOptions): Promise<DocumentWindow[][]> {
    return this.tokenizer.encodeWindows(query, documents, maxLength, options);
  }

  readonly threadIds: number[] = [];

  async close(): Promise<void> {}
}
