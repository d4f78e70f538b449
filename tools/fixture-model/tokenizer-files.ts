/** The special tokens of bert-base-uncased with their ids. */
export const BERT_SPECIAL_TOKENS = {
  pad: { content: '[PAD]', id: 0 },
  unk: { content: '[UNK]', id: 100 },
  cls: { content: '[CLS]', id: 101 },
  sep: { content: '[SEP]', id: 102 },
  mask: { content: '[MASK]', id: 103 },
} as const;

const MODEL_MAX_LENGTH = 512;
const VOCAB_PLACEHOLDER = '__rerank_fleet_vocab__';

function checkSpecialTokenIds(vocab: readonly string[]): void {
  for (const { content, id } of Object.values(BERT_SPECIAL_TOKENS)) {
    if (vocab[id] !== content) throw new Error(`vocab id ${id} is "${vocab[id]}", expected "${content}"`);
  }
}

function specialToken(type_id: number, id: string) {
  return { SpecialToken: { id, type_id } };
}

function tokenizerJson(vocab: readonly string[]): string {
  const { cls, sep } = BERT_SPECIAL_TOKENS;
  const added_tokens = Object.values(BERT_SPECIAL_TOKENS)
    .sort((a, b) => a.id - b.id)
    .map(({ content, id }) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    }));
  const config = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [specialToken(0, cls.content), { Sequence: { id: 'A', type_id: 0 } }, specialToken(0, sep.content)],
      pair: [
        specialToken(0, cls.content),
        { Sequence: { id: 'A', type_id: 0 } },
        specialToken(0, sep.content),
        { Sequence: { id: 'B', type_id: 1 } },
        specialToken(1, sep.content),
      ],
      special_tokens: {
        [cls.content]: { id: cls.content, ids: [cls.id], tokens: [cls.content] },
        [sep.content]: { id: sep.content, ids: [sep.id], tokens: [sep.content] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: BERT_SPECIAL_TOKENS.unk.content,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: VOCAB_PLACEHOLDER,
    },
  };
  // JSON.stringify would hoist integer-like keys ("1", "100", ...) ahead of the rest; writing the
  // vocab by hand keeps it in id order like the files the Hub serves.
  const entries = vocab.map((token, id) => `      ${JSON.stringify(token)}: ${id}`).join(',\n');
  return JSON.stringify(config, null, 2).replace(`"${VOCAB_PLACEHOLDER}"`, () => `{\n${entries}\n    }`) + '\n';
}

function specialTokensMap() {
  const { pad, unk, cls, sep, mask } = BERT_SPECIAL_TOKENS;
  return {
    cls_token: cls.content,
    mask_token: mask.content,
    pad_token: pad.content,
    sep_token: sep.content,
    unk_token: unk.content,
  };
}

function tokenizerConfig() {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    never_split: null,
    tokenize_chinese_chars: true,
    strip_accents: null,
    clean_up_tokenization_spaces: true,
    model_max_length: MODEL_MAX_LENGTH,
    ...specialTokensMap(),
  };
}

/**
 * The tokenizer files of a Hugging Face BERT checkpoint (uncased WordPiece), keyed by file
 * name: tokenizer.json (for fast tokenizers and transformers.js), tokenizer_config.json,
 * special_tokens_map.json and vocab.txt.
 */
export function buildTokenizerFiles(vocab: readonly string[]): Record<string, string> {
  checkSpecialTokenIds(vocab);
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  return {
    'tokenizer.json': tokenizerJson(vocab),
    'tokenizer_config.json': json(tokenizerConfig()),
    'special_tokens_map.json': json(specialTokensMap()),
    'vocab.txt': vocab.join('\n') + '\n',
  };
}
