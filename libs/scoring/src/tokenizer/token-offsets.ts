/** A token's place in the original text: UTF-16 indices, `text.slice(start, end)`. */
export type TokenOffset = [start: number, end: number];

export interface TokenAlignmentOptions {
  /** The tokenizer's normalizer applied to one character (lower-casing, accent stripping, …). */
  normalize: (character: string) => string;
  /** The token that stands for a word the vocabulary cannot spell, e.g. `[UNK]`. */
  unknownToken?: string;
  /** What marks a word-continuing piece, e.g. `##` for WordPiece. */
  continuingPrefix?: string;
}

// What BERT's pre-tokenizer splits off as punctuation: Unicode P* plus ASCII symbols.
const PUNCTUATION = /[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;
const WHITESPACE = /\s/u;
const COMBINING_MARK = /^\p{M}$/u;
// Word-start markers of SentencePiece (Metaspace) and byte-level BPE vocabularies.
const WORD_START_MARKERS = /^[\u2581\u0120]+/u;
// How far past the cursor a token's text is looked for before it is given up as unalignable.
const SEARCH_SLACK = 64;

/** Case and final-sigma folding applied to both sides, so they compare whatever the normalizer did. */
function fold(text: string): string {
  return text.toLowerCase().replace(/ς/g, 'σ');
}

/** The normalized text, with the original UTF-16 span of the character each of its units came from. */
interface NormalizedView {
  text: string;
  starts: number[];
  ends: number[];
}

function normalizedView(text: string, normalize: (character: string) => string): NormalizedView {
  const cache = new Map<string, string>();
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const character of text) {
    let normalized = cache.get(character);
    if (normalized === undefined) {
      normalized = fold(normalize(character));
      cache.set(character, normalized);
    }
    parts.push(normalized);
    // A combining mark the normalizer strips still belongs to the letter before it.
    if (normalized.length === 0 && ends.length > 0 && COMBINING_MARK.test(character)) ends[ends.length - 1] = at + character.length;
    for (let unit = 0; unit < normalized.length; unit++) {
      starts.push(at);
      ends.push(at + character.length);
    }
    at += character.length;
  }
  return { text: parts.join(''), starts, ends };
}

/**
 * Finds each token's span in the original text. Tokenizers.js (the tokenizer of
 * @huggingface/transformers 4.x) returns no offsets, so they are rebuilt here: the text is
 * normalized one character at a time with the tokenizer's own normalizer, keeping where each
 * normalized character came from, and the tokens (continuation and word-start markers removed)
 * are matched against it in order. An unknown token covers one pre-tokenized word. A token that
 * cannot be matched (byte-level pieces of non-ASCII text, context-dependent normalization) gets
 * an empty span at the cursor, and the next token that matches puts the alignment back on track.
 */
export function alignTokenOffsets(text: string, tokens: readonly string[], options: TokenAlignmentOptions): TokenOffset[] {
  const view = normalizedView(text, options.normalize);
  const normalized = view.text;
  const originAt = (position: number): number => (position < view.starts.length ? view.starts[position] : text.length);
  let cursor = 0;

  const skipWhitespace = () => {
    while (cursor < normalized.length && WHITESPACE.test(normalized[cursor])) cursor++;
  };

  return tokens.map((token): TokenOffset => {
    if (token === options.unknownToken) {
      skipWhitespace();
      if (cursor >= normalized.length) return [text.length, text.length];
      const start = cursor;
      if (PUNCTUATION.test(normalized[cursor])) cursor++;
      else while (cursor < normalized.length && !WHITESPACE.test(normalized[cursor]) && !PUNCTUATION.test(normalized[cursor])) cursor++;
      return [view.starts[start], view.ends[cursor - 1]];
    }
    let surface = token;
    if (options.continuingPrefix && surface.startsWith(options.continuingPrefix) && surface.length > options.continuingPrefix.length) {
      surface = surface.slice(options.continuingPrefix.length);
    }
    surface = fold(surface.replace(WORD_START_MARKERS, ''));
    if (surface.length === 0) return [originAt(cursor), originAt(cursor)];
    skipWhitespace();
    let found = normalized.startsWith(surface, cursor) ? cursor : normalized.indexOf(surface, cursor);
    if (found > cursor + SEARCH_SLACK) found = -1;
    if (found < 0) return [originAt(cursor), originAt(cursor)];
    cursor = found + surface.length;
    return [view.starts[found], view.ends[cursor - 1]];
  });
}

/** Maps UTF-16 indices of `text` to Unicode code point indices (what Python's `str` slicing uses). */
export function codePointIndexer(text: string): (utf16Index: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (index) => index;
  const codePoints = new Uint32Array(text.length + 1);
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    // The low half of a surrogate pair belongs to the code point its high half started.
    const continues = index > 0 && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1));
    codePoints[index] = continues ? count - 1 : count;
    if (!continues) count++;
  }
  codePoints[text.length] = count;
  return (index) => codePoints[index];
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
