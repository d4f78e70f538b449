import type { ChunkSpan } from '@rerank/contracts';
import type { EncodedPair } from './encoded-pair';

/** How a long document is cut into windows. */
export interface WindowOptions {
  /** Document tokens consecutive windows share; clamped to half a window. */
  stride: number;
  /** Most windows read; the rest of the document is ignored. */
  maxWindows: number;
  /** Document tokens read at most, before windowing (Cohere v2's `max_tokens_per_doc`). */
  maxDocumentTokens?: number;
  /** `left`: read the document's end, windows planned back from it (default `right`: its start). */
  truncationDirection?: 'left' | 'right';
}

/** One window of a document, ready for the model. */
export interface DocumentWindow {
  pair: EncodedPair;
  /** Where the window lies in the document, in code points; absent when the document is one window. */
  span?: ChunkSpan;
}

/**
 * Start positions, in document tokens, of the windows a document of `documentLength` tokens is
 * read in, `windowLength` tokens each. Consecutive windows share `stride` tokens (at most half a
 * window, so each window brings at least half a window of new text). The last window ends
 * exactly at the document's end, so it is as long as the others and overlaps its predecessor
 * by more than `stride` when the lengths do not divide evenly. Past `maxWindows` windows the
 * rest of the document is not read.
 */
export function planWindowStarts(documentLength: number, windowLength: number, stride: number, maxWindows: number): number[] {
  if (!Number.isInteger(windowLength) || windowLength < 1)
    throw new RangeError(`windowLength must be a positive integer, got ${windowLength}`);
  if (documentLength <= windowLength) return [0];
  const step = windowLength - Math.min(Math.max(0, stride), Math.floor(windowLength / 2));
  const starts: number[] = [];
  for (let start = 0; starts.length < maxWindows; start += step) {
    if (start + windowLength >= documentLength) {
      starts.push(documentLength - windowLength);
      break;
    }
    starts.push(start);
  }
  return starts;
}
