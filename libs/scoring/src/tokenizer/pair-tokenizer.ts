import { Tokenizer } from '@huggingface/tokenizers';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { LatinWordPiece } from './latin-wordpiece';
import { DocumentWindow, WindowOptions, planWindowStarts } from './document-windows';
import { encodePrefix, splitsAtWhitespace } from './document-prefix';
import type { EncodedPair } from './encoded-pair';
import { PairTemplate } from './pair-template';
import { longestFirstLengths } from './pair-truncation';
import { TokenAlignmentOptions, alignTokenOffsets, codePointIndexer } from './token-offsets';
import { readTokenizerFiles, tokensById } from './tokenizer-json';

/**
 * Which end of a too-long text is cut: `right` keeps its start (sentence-transformers' default),
 * `left` keeps its end (TEI's `truncation_direction: "Left"`).
 */
export type TruncationDirection = 'left' | 'right';

/** The first `count` ids, or with `left` the last `count`. */
function keep(ids: number[], count: number, direction: TruncationDirection): number[] {
  if (count >= ids.length) return ids;
  return direction === 'left' ? ids.slice(ids.length - count) : ids.slice(0, count);
}

/** The files a tokenizer is built from. */
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

async function assertTokenizerFiles(dir: string): Promise<void> {
  for (const file of TOKENIZER_FILES) {
    try {
      await access(path.join(dir, file));
    } catch (cause) {
      throw new Error(`cannot load a tokenizer from ${dir}: ${file} is missing`, { cause });
    }
  }
}

/** A special token in tokenizer_config.json: its text, or an AddedToken object holding it. */
function configToken(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string')
    return (value as { content: string }).content;
  return undefined;
}

export interface PairTokenizerOptions {
  /**
   * Tokenize a long document only as far as a request reads it (default true; it gives the same
   * tokens). False tokenizes every document whole: the reference the differential test compares with.
   */
  readPrefixes?: boolean;
  /**
   * Tokenize Latin-script words with {@link LatinWordPiece} where the tokenizer is BERT's
   * WordPiece (default true; it gives the same ids). False uses tokenizers.js for all text.
   */
  fastPath?: boolean;
}

/**
 * Turns (query, document) pairs into cross-encoder input ids the way sentence-transformers'
 * CrossEncoder does with a Hugging Face fast tokenizer: `[CLS] query [SEP] document [SEP]`,
 * token type 0 for the query part and 1 for the document part, and `longest_first`
 * truncation of the pair to the requested max length. Loads only from a local directory.
 */
export class PairTokenizer {
  private readonly alignment: TokenAlignmentOptions;
  /** Whether a document may be tokenized only as far as it is read (see document-prefix.ts). */
  private readonly readsPrefixes: boolean;
  /** Token strings by id, for aligning a document's tokens with its text. */
  private readonly tokenOf: readonly string[];
  private readonly fastPath?: LatinWordPiece;
  /** Why there is no fast path, when there is none. */
  readonly fastPathAbsence?: string;
  /** The tokenizer's `model_max_length` (Infinity when the config sets none). */
  readonly modelMaxLength: number;

  private constructor(
    /** tokenizers.js, the tokenizer inside transformers.js: the reference, and the fallback. */
    private readonly reference: Tokenizer,
    files: Awaited<ReturnType<typeof readTokenizerFiles>>,
    private readonly template: PairTemplate,
    /** The specials around one text on its own (for BERT `[CLS]` and `[SEP]`), as the tokenizer adds them. */
    private readonly single: { prefix: number[]; suffix: number[] },
    options: PairTokenizerOptions,
  ) {
    const { tokenizer: json, config } = files;
    const normalizer = reference.normalizer;
    this.alignment = {
      normalize: normalizer ? (character) => normalizer.normalize(character) : (character) => character,
      unknownToken: configToken(config.unk_token),
      continuingPrefix: json.model?.continuing_subword_prefix ?? undefined,
    };
    this.readsPrefixes = (options.readPrefixes ?? true) && splitsAtWhitespace(json.pre_tokenizer);
    const vocab = reference.get_vocab();
    this.tokenOf = tokensById(json, vocab);
    const choice =
      options.fastPath === false
        ? { reason: 'turned off' }
        : LatinWordPiece.choose(json, config, vocab, (text) => normalizer?.normalize(text) ?? text);
    if ('fastPath' in choice) this.fastPath = choice.fastPath;
    else this.fastPathAbsence = choice.reason;
    const maxLength = Number(config.model_max_length);
    this.modelMaxLength = Number.isFinite(maxLength) && maxLength > 0 ? maxLength : Infinity;
  }

  /**
   * Loads the tokenizer in `modelDir` (absolute, or relative to the working directory) from its
   * tokenizer.json and tokenizer_config.json. Never touches the network.
   */
  static async load(modelDir: string, options: PairTokenizerOptions = {}): Promise<PairTokenizer> {
    const dir = path.resolve(modelDir);
    await assertTokenizerFiles(dir);
    const files = await readTokenizerFiles(dir);
    const reference = new Tokenizer(files.tokenizer, files.config);

    const encodeBare = (text: string) => reference.encode(text, { add_special_tokens: false }).ids;
    const probe = reference.encode('query', { text_pair: 'document', return_token_type_ids: true });
    const template = PairTemplate.fromProbe({
      first: encodeBare('query'),
      second: encodeBare('document'),
      pair: { inputIds: probe.ids, tokenTypeIds: probe.token_type_ids ?? probe.ids.map(() => 0) },
    });
    const bare = encodeBare('query');
    const wrapped = reference.encode('query').ids;
    const at = wrapped.findIndex((_, start) => bare.every((id, i) => wrapped[start + i] === id));
    if (at < 0) throw new Error(`cannot find the probe text in its single encoding [${wrapped.join(', ')}]`);
    const single = { prefix: wrapped.slice(0, at), suffix: wrapped.slice(at + bare.length) };
    return new PairTokenizer(reference, files, template, single, options);
  }

  /** Special tokens added to every pair (3 for BERT). */
  get specialTokenCount(): number {
    return this.template.specialCount;
  }

  /**
   * Encodes `query` against each document, without padding. Pairs longer than `maxLength`
   * (special tokens included) are cut with `longest_first`: the longer of query and document
   * loses tokens from its end first, so it is the document that gets cut unless the query
   * alone fills more than half of the room.
   */
  encodePairs(
    query: string,
    documents: readonly string[],
    maxLength: number,
    maxDocumentTokens = Infinity,
    direction: TruncationDirection = 'right',
  ): EncodedPair[] {
    this.checkMaxLength(maxLength);
    const budget = maxLength - this.template.specialCount;
    // The query is tokenised once per call instead of once per pair, as it is the same text.
    const queryIds = this.encodeBare(query);
    // Past this many tokens the truncation below no longer depends on the document's length;
    // a text kept from its end has to be read whole.
    const read = direction === 'left' ? Infinity : Math.min(maxDocumentTokens, Math.max(budget, queryIds.length) + 1);
    return documents.map((document) => {
      const documentIds = keep(this.encodeDocument(document, read).ids, maxDocumentTokens, direction);
      const [keepQuery, keepDocument] = longestFirstLengths(queryIds.length, documentIds.length, budget);
      return this.template.assemble(keep(queryIds, keepQuery, direction), keep(documentIds, keepDocument, direction));
    });
  }

  /**
   * Encodes `query` against each document, reading a document too long for one pair in
   * overlapping windows: one pair per window, each `[CLS] query [SEP] window [SEP]` within
   * `maxLength`. The query keeps what `longest_first` truncation leaves it against the whole
   * document, and every window gets the rest, so a document's first window is exactly the
   * pair `encodePairs` makes of it. A document that fits gives one pair, the same as there.
   */
  encodeWindows(query: string, documents: readonly string[], maxLength: number, options: WindowOptions): DocumentWindow[][] {
    this.checkMaxLength(maxLength);
    const budget = maxLength - this.template.specialCount;
    const queryIds = this.encodeBare(query);
    // Past this many tokens neither the truncation nor the window plan depends on the document's
    // length: at most maxWindows windows of at most `budget` tokens are read.
    const maxDocumentTokens = options.maxDocumentTokens ?? Infinity;
    const direction = options.truncationDirection ?? 'right';
    // A text read from its end back has to be tokenized whole.
    const read =
      direction === 'left'
        ? Infinity
        : Math.min(maxDocumentTokens, Math.max(budget * Math.max(1, options.maxWindows), queryIds.length) + 1);
    return documents.map((whole) => {
      const { ids, text: document } = this.encodeDocument(whole, read);
      const length = Math.min(ids.length, maxDocumentTokens);
      // Left truncation reads the document's last `length` tokens, windows planned from its end.
      const first = direction === 'left' ? ids.length - length : 0;
      const documentIds = ids.slice(first, first + length);
      const [keepQuery, windowLength] = longestFirstLengths(queryIds.length, documentIds.length, budget);
      const queryPart = keep(queryIds, keepQuery, direction);
      if (windowLength >= documentIds.length) return [{ pair: this.template.assemble(queryPart, documentIds) }];

      const tokens = ids.slice(0, first + length).map((id) => this.tokenOf[id]);
      const offsets = alignTokenOffsets(document, tokens, this.alignment);
      const codePointAt = codePointIndexer(document);
      return planWindowStarts(documentIds.length, windowLength, options.stride, options.maxWindows).map((planned) => {
        const start = direction === 'left' ? documentIds.length - windowLength - planned : planned;
        const end = Math.min(start + windowLength, documentIds.length);
        return {
          pair: this.template.assemble(queryPart, documentIds.slice(start, end)),
          span: { start: codePointAt(offsets[first + start][0]), end: codePointAt(offsets[first + end - 1][1]) },
        };
      });
    });
  }

  /**
   * Encodes each text on its own, as a bi-encoder reads it: `[CLS] text [SEP]`, token type 0,
   * cut to `maxLength` tokens (specials included) from its end (`right`) or its start (`left`).
   * `truncated` lists the positions of the texts that were cut.
   */
  encodeTexts(
    texts: readonly string[],
    maxLength: number,
    direction: 'left' | 'right' = 'right',
  ): { encoded: EncodedPair[]; truncated: number[] } {
    const specials = this.single.prefix.length + this.single.suffix.length;
    if (!Number.isInteger(maxLength) || maxLength <= specials) {
      throw new RangeError(`maxLength must be an integer above ${specials} (the special tokens), got ${maxLength}`);
    }
    const room = maxLength - specials;
    const truncated: number[] = [];
    const encoded = texts.map((text, position): EncodedPair => {
      let ids = this.encodeBare(text);
      if (ids.length > room) {
        truncated.push(position);
        ids = direction === 'right' ? ids.slice(0, room) : ids.slice(ids.length - room);
      }
      const inputIds = [...this.single.prefix, ...ids, ...this.single.suffix];
      return { inputIds, tokenTypeIds: new Array<number>(inputIds.length).fill(0) };
    });
    return { encoded, truncated };
  }

  /**
   * The document's ids, at least the first `tokens` of them: only as much of a long document as
   * that needs is tokenized, when the tokenizer allows it. `text` is the part that was read, so
   * offsets into it are offsets into the document.
   */
  private encodeDocument(document: string, tokens: number): { ids: number[]; text: string } {
    const encode = (text: string) => ({ ids: this.encodeBare(text) });
    if (!this.readsPrefixes || !Number.isFinite(tokens)) return { ids: this.encodeBare(document), text: document };
    const { encoding, text } = encodePrefix(document, tokens, encode);
    return { ids: encoding.ids, text };
  }

  /** A text's ids without special tokens: the fast path where it applies, tokenizers.js for the rest. */
  private encodeBare(text: string): number[] {
    const reference = (part: string) => this.reference.encode(part, { add_special_tokens: false }).ids;
    return this.fastPath ? this.fastPath.encode(text, reference) : reference(text);
  }

  /** Encodes one text with the tokenizer's single-sequence specials (`[CLS] text [SEP]`), untruncated. */
  encodeSingle(text: string): number[] {
    return [...this.single.prefix, ...this.encodeBare(text), ...this.single.suffix];
  }

  private checkMaxLength(maxLength: number): void {
    const specials = this.template.specialCount;
    if (!Number.isInteger(maxLength) || maxLength <= specials) {
      throw new RangeError(`maxLength must be an integer above ${specials} (the special tokens), got ${maxLength}`);
    }
    if (maxLength > this.modelMaxLength) {
      throw new RangeError(`maxLength ${maxLength} exceeds the tokenizer's model_max_length ${this.modelMaxLength}`);
    }
  }
}
