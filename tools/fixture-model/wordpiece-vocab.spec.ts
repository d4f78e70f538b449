import { BERT_BASE_UNCASED_VOCAB_SIZE, loadBertBaseUncasedVocab, toWordPieceToken } from './wordpiece-vocab';

describe('toWordPieceToken', () => {
  it('returns the bare word when the entry starts with ▁', () => {
    expect(toWordPieceToken('\u2581berlin', 4068)).toBe('berlin');
  });

  it('returns a ## continuation when the entry has no ▁', () => {
    expect(toWordPieceToken('ing', 2075)).toBe('##ing');
  });

  it('returns special tokens unchanged when the entry is bracketed', () => {
    expect(toWordPieceToken('[CLS]', 101)).toBe('[CLS]');
    expect(toWordPieceToken('[unused993]', 998)).toBe('[unused993]');
  });

  it('returns [unused0] when the entry is the lone ▁ at id 1', () => {
    expect(toWordPieceToken('\u2581', 1)).toBe('[unused0]');
  });

  it('returns a ## continuation when a bracket is not a special token', () => {
    expect(toWordPieceToken('[', 29634)).toBe('##[');
  });
});

describe('loadBertBaseUncasedVocab', () => {
  it('returns 30,522 unique tokens when loaded', () => {
    const vocab = loadBertBaseUncasedVocab();
    expect(vocab).toHaveLength(BERT_BASE_UNCASED_VOCAB_SIZE);
    expect(new Set(vocab).size).toBe(BERT_BASE_UNCASED_VOCAB_SIZE);
  });

  it('returns the bert-base-uncased ids when looking up known tokens', () => {
    const vocab = loadBertBaseUncasedVocab();
    expect([0, 100, 101, 102, 103].map((id) => vocab[id])).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect([1996, 2129, 4068, 1029].map((id) => vocab[id])).toEqual(['the', 'how', 'berlin', '?']);
    expect(vocab.filter((token) => token.startsWith('##'))).toHaveLength(5828);
  });
});
