import { BERT_ARCHITECTURES, bertParameterCount, isFixtureArch } from './bert-architectures';

describe('bertParameterCount', () => {
  it('returns 22,713,601 for minilm-l6, the size of cross-encoder/ms-marco-MiniLM-L-6-v2', () => {
    // 22,713,216 for BertModel (embeddings, 6 layers, pooler) + 385 for the 384 -> 1 classifier.
    expect(bertParameterCount(BERT_ARCHITECTURES['minilm-l6'])).toBe(22_713_601);
  });

  it('returns 1,011,393 for tiny, almost all of it the 30,522 x 32 word embedding table', () => {
    expect(bertParameterCount(BERT_ARCHITECTURES.tiny)).toBe(1_011_393);
  });

  it('returns 22,565,376 for minilm-l6-bi-encoder: all-MiniLM-L6-v2 without the pooler its export drops', () => {
    // 22,713,216 for BertModel less the 384 x 384 + 384 pooler.
    expect(bertParameterCount(BERT_ARCHITECTURES['minilm-l6-bi-encoder'])).toBe(22_565_376);
  });
});

describe('isFixtureArch', () => {
  it('returns true when the name is a known architecture', () => {
    expect(isFixtureArch('tiny')).toBe(true);
    expect(isFixtureArch('minilm-l6')).toBe(true);
  });

  it('returns false when the name is unknown', () => {
    expect(isFixtureArch('bert-base')).toBe(false);
  });
});
