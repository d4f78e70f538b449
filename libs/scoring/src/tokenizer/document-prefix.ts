import type { PreTokenizerJson } from './tokenizer-json';

/**
 * Pre-tokenizers that split text at whitespace before anything else. With them, the tokens of
 * a text cut just before a whitespace character are exactly the first tokens of the whole
 * text, which is what lets a document be tokenized only as far as a request reads it.
 */
const WHITESPACE_SPLITTING = new Set(['BertPreTokenizer', 'Whitespace', 'WhitespaceSplit', 'Metaspace']);

/** Whether `tokenizer.json`'s pre_tokenizer (or every step of its Sequence) splits at whitespace. */
export function splitsAtWhitespace(preTokenizer: PreTokenizerJson | null | undefined): boolean {
  if (!preTokenizer?.type) return false;
  if (preTokenizer.type === 'Sequence') return (preTokenizer.pretokenizers ?? []).every(splitsAtWhitespace);
  return WHITESPACE_SPLITTING.has(preTokenizer.type);
}

/** The first index at or after `from` that holds an ASCII whitespace character, or the text's length. */
export function whitespaceCut(text: string, from: number): number {
  for (let i = Math.max(0, from); i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) return i;
  }
  return text.length;
}

// Real text averages 4-6 characters per WordPiece token; start a little above and double.
const FIRST_GUESS_CHARS_PER_TOKEN = 8;

/**
 * Encodes the shortest whitespace-cut prefix of `text` that yields at least `tokens` tokens
 * (or the whole text), growing the prefix by doubling so a document is read at most about
 * twice however long it is. `encode` must be a whitespace-splitting tokenizer's.
 */
export function encodePrefix<T extends { ids: number[] }>(
  text: string,
  tokens: number,
  encode: (text: string) => T,
): { encoding: T; text: string } {
  let chars = Math.max(64, tokens * FIRST_GUESS_CHARS_PER_TOKEN);
  for (;;) {
    const end = chars >= text.length ? text.length : whitespaceCut(text, chars);
    const prefix = end >= text.length ? text : text.slice(0, end);
    const encoding = encode(prefix);
    if (prefix === text || encoding.ids.length >= tokens) return { encoding, text: prefix };
    chars *= 2;
  }
}
