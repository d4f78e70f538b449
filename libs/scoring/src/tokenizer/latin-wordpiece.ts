import type { TokenizerConfigJson, TokenizerJson } from './tokenizer-json';

/** The fast path for a tokenizer, or why it has none. */
export type FastPathChoice = { fastPath: LatinWordPiece } | { reason: string };

/** Characters below this are tokenized here (ASCII, Latin-1 Supplement, Latin Extended-A). */
const TABLE_END = 0x180;

const enum CharKind {
  Word,
  Punctuation,
  Whitespace,
}

// BERT's pre-tokenizer: whitespace separates words, and each punctuation character is a word.
const PUNCTUATION = /^[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]$/u;
const WHITESPACE = /^\s$/u;

function kindOf(character: string): CharKind {
  if (WHITESPACE.test(character)) return CharKind.Whitespace;
  return PUNCTUATION.test(character) ? CharKind.Punctuation : CharKind.Word;
}

function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * BERT's WordPiece for Latin-script words, written for speed; everything else goes to the full
 * tokenizer. With BertNormalizer and BertPreTokenizer a text's tokens are the tokens of its
 * whitespace-separated chunks one after the other, and below U+0180 the normalizer works one
 * character at a time (clean-up, lower-casing, accent stripping: `É` → `e`). So a chunk of such
 * characters is normalized here through a table the tokenizer's own normalizer filled at load,
 * split into words and punctuation, and looked up greedily in the vocabulary; each run of other
 * chunks (CJK, combining marks, other scripts, anything that might be an added token such as
 * `[SEP]`) is handed to `fallback` as one piece of the original text.
 */
export class LatinWordPiece {
  /** Ids of word-starting pieces (the whole vocabulary), and of continuing pieces keyed without their `##`. */
  private readonly starts: ReadonlyMap<string, number>;
  private readonly continuations = new Map<string, number>();
  /** Each character below TABLE_END normalized; undefined where a chunk holding it goes to the fallback. */
  private readonly table: (string | undefined)[] = [];
  /** How the pre-tokenizer treats each character the table can produce. */
  private readonly kinds = new Map<string, CharKind>();

  private constructor(
    vocab: ReadonlyMap<string, number>,
    continuingPrefix: string,
    private readonly unknownId: number,
    private readonly maxWordLength: number,
    private readonly lowercase: boolean,
    normalize: (text: string) => string,
    addedTokens: readonly string[],
  ) {
    this.starts = vocab;
    for (const [token, id] of vocab) {
      if (token.startsWith(continuingPrefix)) this.continuations.set(token.slice(continuingPrefix.length), id);
    }
    // An added token is matched in the raw text and in the normalized text: a chunk with any
    // character that is, or normalizes to, the first character of one goes to the fallback.
    const starters = new Set(
      addedTokens.flatMap((content) =>
        [content, normalize(content)].flatMap((text) => (text ? [text[0].toLowerCase(), text[0].toUpperCase()] : [])),
      ),
    );
    for (let code = 0x21; code < TABLE_END; code++) {
      const character = String.fromCharCode(code);
      const normalized = normalize(character);
      if (starters.has(character) || [...normalized].some((unit) => starters.has(unit))) continue;
      this.table[code] = normalized;
      for (const unit of normalized) this.kinds.set(unit, kindOf(unit));
    }
  }

  /**
   * The fast path for a tokenizer whose files describe BERT's WordPiece pipeline, or why there is
   * none. `vocab` is the model's token → id map, `normalize` the tokenizer's normalizer.
   */
  static choose(
    json: TokenizerJson,
    config: TokenizerConfigJson,
    vocab: ReadonlyMap<string, number>,
    normalize: (text: string) => string,
  ): FastPathChoice {
    const { normalizer, pre_tokenizer: preTokenizer, model } = json;
    if (normalizer?.type !== 'BertNormalizer') return { reason: `normalizer ${normalizer?.type ?? 'none'} is not BertNormalizer` };
    if (preTokenizer?.type !== 'BertPreTokenizer')
      return { reason: `pre-tokenizer ${preTokenizer?.type ?? 'none'} is not BertPreTokenizer` };
    if (model?.type !== 'WordPiece') return { reason: `model ${model?.type ?? 'none'} is not WordPiece` };
    if (config.remove_space || config.do_lowercase_and_remove_accent) return { reason: 'tokenizer_config.json rewrites the text first' };
    const unknownId = model.unk_token === undefined ? undefined : vocab.get(model.unk_token);
    if (unknownId === undefined) return { reason: `unknown token ${model.unk_token ?? '(none)'} is not in the vocabulary` };
    const added = (json.added_tokens ?? []).map((token) => token.content);
    if (added.some((content) => content.length === 0 || /\s/u.test(content)))
      return { reason: 'an added token is empty or holds whitespace' };
    const continuingPrefix = model.continuing_subword_prefix ?? '##';
    if (continuingPrefix.length === 0) return { reason: 'the continuing-subword prefix is empty' };
    const lowercase = normalizer.lowercase ?? true;
    // The pure-ASCII path below lower-cases by itself: it must agree with the normalizer.
    for (let code = 0x21; code < 0x7f; code++) {
      const character = String.fromCharCode(code);
      if (normalize(character) !== (lowercase ? character.toLowerCase() : character))
        return { reason: `the normalizer maps "${character}" unexpectedly` };
    }
    return {
      fastPath: new LatinWordPiece(vocab, continuingPrefix, unknownId, model.max_input_chars_per_word ?? 100, lowercase, normalize, added),
    };
  }

  /** The ids of `text` without special tokens, `fallback` tokenizing what this class does not. */
  encode(text: string, fallback: (text: string) => readonly number[]): number[] {
    const ids: number[] = [];
    let deferredFrom = -1;
    let deferredTo = -1;
    const flush = () => {
      if (deferredFrom < 0) return;
      for (const id of fallback(text.slice(deferredFrom, deferredTo))) ids.push(id);
      deferredFrom = -1;
    };
    let at = 0;
    while (at < text.length) {
      if (isAsciiWhitespace(text.charCodeAt(at))) {
        at++;
        continue;
      }
      let end = at;
      let ascii = true;
      let known = true;
      for (; end < text.length; end++) {
        const code = text.charCodeAt(end);
        if (isAsciiWhitespace(code)) break;
        if (code >= 0x7f) ascii = false;
        if (code >= TABLE_END || this.table[code] === undefined) known = false;
      }
      if (known) {
        flush();
        if (ascii) this.encodeAsciiChunk(text.slice(at, end), ids);
        else this.encodeLatinChunk(text, at, end, ids);
      } else {
        if (deferredFrom < 0) deferredFrom = at;
        deferredTo = end;
      }
      at = end;
    }
    flush();
    return ids;
  }

  /** A chunk of visible ASCII: words of letters and digits, every other character a word of its own. */
  private encodeAsciiChunk(raw: string, ids: number[]): void {
    const chunk = this.lowercase ? raw.toLowerCase() : raw;
    let start = 0;
    while (start < chunk.length) {
      if (!isAsciiAlphanumeric(chunk.charCodeAt(start))) {
        this.encodeWord(chunk[start], ids);
        start++;
        continue;
      }
      let end = start + 1;
      while (end < chunk.length && isAsciiAlphanumeric(chunk.charCodeAt(end))) end++;
      this.encodeWord(start === 0 && end === chunk.length ? chunk : chunk.slice(start, end), ids);
      start = end;
    }
  }

  /** A chunk with Latin-1 or Latin Extended-A characters: normalized through the table, then split the same way. */
  private encodeLatinChunk(text: string, from: number, to: number, ids: number[]): void {
    let word = '';
    for (let at = from; at < to; at++) {
      for (const unit of this.table[text.charCodeAt(at)] as string) {
        const kind = this.kinds.get(unit);
        if (kind === CharKind.Word) {
          word += unit;
          continue;
        }
        if (word.length > 0) this.encodeWord(word, ids);
        word = '';
        if (kind === CharKind.Punctuation) this.encodeWord(unit, ids);
      }
    }
    if (word.length > 0) this.encodeWord(word, ids);
  }

  /** Greedy longest-match-first, as WordPiece does: a word that cannot be spelled is one unknown token. */
  private encodeWord(word: string, ids: number[]): void {
    if (word.length > this.maxWordLength) {
      ids.push(this.unknownId);
      return;
    }
    const whole = this.starts.get(word);
    if (whole !== undefined) {
      ids.push(whole);
      return;
    }
    const first = ids.length;
    let start = 0;
    while (start < word.length) {
      const pieces = start === 0 ? this.starts : this.continuations;
      let end = word.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = pieces.get(word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) {
        ids.length = first;
        ids.push(this.unknownId);
        return;
      }
      ids.push(id);
      start = end;
    }
  }
}
