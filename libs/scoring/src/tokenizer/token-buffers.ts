import type { DocumentWindow } from './document-windows';

/**
 * The windows of a slice of documents packed into flat typed arrays, so a tokenizer thread can
 * transfer them to the scoring thread instead of having them structured-cloned pair by pair.
 */
export interface PackedWindows {
  /** Every pair's input ids, back to back. */
  ids: Int32Array;
  /** Every pair's token type ids, aligned with `ids`. */
  types: Int32Array;
  /** Tokens of each pair. */
  lengths: Int32Array;
  /** Windows (pairs) of each document. */
  windows: Int32Array;
  /** Each pair's span as start, end in code points; -1, -1 where the document was one window. */
  spans: Int32Array;
}

export function packWindows(documents: readonly DocumentWindow[][]): PackedWindows {
  let pairs = 0;
  let tokens = 0;
  for (const windows of documents) {
    pairs += windows.length;
    for (const { pair } of windows) tokens += pair.inputIds.length;
  }
  const packed: PackedWindows = {
    ids: new Int32Array(tokens),
    types: new Int32Array(tokens),
    lengths: new Int32Array(pairs),
    windows: new Int32Array(documents.length),
    spans: new Int32Array(pairs * 2).fill(-1),
  };
  let pair = 0;
  let at = 0;
  documents.forEach((windows, document) => {
    packed.windows[document] = windows.length;
    for (const window of windows) {
      packed.ids.set(window.pair.inputIds, at);
      packed.types.set(window.pair.tokenTypeIds, at);
      packed.lengths[pair] = window.pair.inputIds.length;
      if (window.span) {
        packed.spans[pair * 2] = window.span.start;
        packed.spans[pair * 2 + 1] = window.span.end;
      }
      at += window.pair.inputIds.length;
      pair++;
    }
  });
  return packed;
}

/** The buffers to transfer with a {@link PackedWindows}. */
export function transferList(packed: PackedWindows): ArrayBuffer[] {
  return [packed.ids, packed.types, packed.lengths, packed.windows, packed.spans].map((array) => array.buffer as ArrayBuffer);
}

/** The windows back, each pair's ids a view into the packed buffers. */
export function unpackWindows(packed: PackedWindows): DocumentWindow[][] {
  let pair = 0;
  let at = 0;
  return Array.from(packed.windows, (count) => {
    const windows: DocumentWindow[] = [];
    for (let i = 0; i < count; i++, pair++) {
      const end = at + packed.lengths[pair];
      const window: DocumentWindow = { pair: { inputIds: packed.ids.subarray(at, end), tokenTypeIds: packed.types.subarray(at, end) } };
      if (packed.spans[pair * 2] >= 0) window.span = { start: packed.spans[pair * 2], end: packed.spans[pair * 2 + 1] };
      windows.push(window);
      at = end;
    }
    return windows;
  });
}
