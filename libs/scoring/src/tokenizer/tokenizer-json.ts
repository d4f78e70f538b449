import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** One entry of tokenizer.json's `added_tokens`: text matched before normalization and pre-tokenizing. */
export interface AddedTokenJson {
  id: number;
  content: string;
  normalized?: boolean;
}

/** A normalizer as tokenizer.json describes it (`type` plus that type's settings). */
export interface NormalizerJson {
  type?: string;
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
  normalizers?: NormalizerJson[];
}

export interface PreTokenizerJson {
  type?: string;
  pretokenizers?: PreTokenizerJson[];
}

/** The parts of a Hugging Face tokenizer.json this library reads itself. */
export interface TokenizerJson {
  added_tokens?: AddedTokenJson[];
  normalizer?: NormalizerJson | null;
  pre_tokenizer?: PreTokenizerJson | null;
  model?: {
    type?: string;
    /** Token → id for WordPiece and BPE; other models store it differently. */
    vocab?: unknown;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

/** The tokenizer_config.json settings read here (the first two change how tokenizers.js tokenizes). */
export interface TokenizerConfigJson {
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  /** The unknown token: its text, or an AddedToken object holding it. */
  unk_token?: unknown;
  model_max_length?: unknown;
}

/** Reads `tokenizer.json` and `tokenizer_config.json` from a model directory. */
export async function readTokenizerFiles(dir: string): Promise<{ tokenizer: TokenizerJson; config: TokenizerConfigJson }> {
  const read = async <T>(file: string): Promise<T> => {
    const text = await readFile(path.join(dir, file), 'utf8');
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new Error(`cannot load a tokenizer from ${dir}: ${file} is not valid JSON`, { cause });
    }
  };
  const [tokenizer, config] = await Promise.all([
    read<TokenizerJson>('tokenizer.json'),
    read<TokenizerConfigJson>('tokenizer_config.json'),
  ]);
  return { tokenizer, config };
}

/** Token strings by id, from the model's vocabulary and the added tokens. */
export function tokensById(json: TokenizerJson, vocab: ReadonlyMap<string, number>): string[] {
  const tokens: string[] = [];
  for (const [token, id] of vocab) tokens[id] = token;
  for (const added of json.added_tokens ?? []) tokens[added.id] ??= added.content;
  return tokens;
}
