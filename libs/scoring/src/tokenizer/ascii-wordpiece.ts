import type { TokenizerConfigJson, TokenizerJson } from './tokenizer-json';

/** Why a tokenizer has no fast path, or the fast path itself. */
export type FastPathChoice = { fastPath: AsciiWordPiece } | { reason: string };

const enum Ascii {
  Tab = 0x09,
  LineFeed = 0x0a,
  CarriageReturn = 0x0d,
  Space = 0x20,
  FirstVisible = 0x21,
  LastVisible = 0x7e,
}

function isAsciiWhitespace(code: number): boolean {
  return code === Ascii.Space || code === Ascii.LineFeed || code === Ascii.Tab || code === Ascii.CarriageReturn;
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * BERT's WordPiece for words of visible ASCII, written for speed; everything else goes to the
 * full tokenizer. With BertNormalizer and BertPreTokenizer a text's tokens are the tokens of its
 * whitespace-separated chunks one after the other, and on visible ASCII the normalizer at most
 * lower-cases and the pre-tokenizer splits off every character that is not a letter or digit
 * (all of them count as punctuation there). So a chunk of visible ASCII is tokenized here, and
 * each run of other chunks (accents, CJK, control characters, anything that might be an added
 * token such as `[SEP]`) is handed to `fallback` as one piece of the original text.
 */
export class AsciiWordPiece {
  /** Ids of whole-word pieces, and of continuing pieces keyed without their `##`. */
  private readonly starts: Map<string, number>;
  private readonly continuations: Map<string, number>;
  /** Visible ASCII characters after which a chunk is not tokenized here (first characters of added tokens). */
  private readonly deferred = new Uint8Array(128);

  private constructor(
    vocab: ReadonlyMap<string, number>,
    continuingPrefix: string,
    private readonly unknownId: number,
    private readonly maxWordLength: number,
    private readonly lowercase: boolean,
    addedTokens: readonly string[],
  ) {
    this.starts = new Map();
    this.continuations = new Map();
    for (const [token, id] of vocab) {
      if (token.startsWith(continuingPrefix)) this.continuations.set(token.slice(continuingPrefix.length), id);
      this.starts.set(token, id);
    }
    for (const content of addedTokens) {
      for (const variant of [content[0].toLowerCase(), content[0].toUpperCase()]) {
        const code = variant.charCodeAt(0);
        if (code < 128) this.deferred[code] = 1;
      }
    }
  }

  /**
   * The fast path for a tokenizer whose files describe BERT's WordPiece pipeline, or why there is
   * none. `vocab` is the model's token → id map.
   */
  static choose(json: TokenizerJson, config: TokenizerConfigJson, vocab: ReadonlyMap<string, number>): FastPathChoice {
    const { normalizer, pre_tokenizer: preTokenizer, model } = json;
    if (normalizer?.type !== 'BertNormalizer') return { reason: `normalizer ${normalizer?.type ?? 'none'} is not BertNormalizer` };
    if (preTokenizer?.type !== 'BertPreTokenizer') return { reason: `pre-tokenizer ${preTokenizer?.type ?? 'none'} is not BertPreTokenizer` };
    if (model?.type !== 'WordPiece') return { reason: `model ${model?.type ?? 'none'} is not WordPiece` };
    if (config.remove_space || config.do_lowercase_and_remove_accent) return { reason: 'tokenizer_config.json rewrites the text first' };
    const unknownId = model.unk_token === undefined ? undefined : vocab.get(model.unk_token);
    if (unknownId === undefined) return { reason: `unknown token ${model.unk_token ?? '(none)'} is not in the vocabulary` };
    const added = (json.added_tokens ?? []).map((token) => token.content);
    if (added.some((content) => content.length === 0 || /\s/u.test(content))) return { reason: 'an added token is empty or holds whitespace' };
    const continuingPrefix = model.continuing_subword_prefix ?? '##';
    if (continuingPrefix.length === 0) return { reason: 'the continuing-subword prefix is empty' };
    return {
      fastPath: new AsciiWordPiece(vocab, continuingPrefix, unknownId, model.max_input_chars_per_word ?? 100, normalizer.lowercase ?? true, added),
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
      let fast = true;
      for (; end < text.length; end++) {
        const code = text.charCodeAt(end);
        if (isAsciiWhitespace(code)) break;
        if (code < Ascii.FirstVisible || code > Ascii.LastVisible || this.deferred[code] === 1) fast = false;
      }
      if (fast) {
        flush();
        this.encodeChunk(text.slice(at, end), ids);
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
  private encodeChunk(raw: string, ids: number[]): void {
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
