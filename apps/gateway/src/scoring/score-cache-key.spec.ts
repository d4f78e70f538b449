import { ScoreReading, scoreCacheKeys } from './score-cache-key';

const WINDOWING = { aggregation: 'max' as const, maxChunks: 16, meanTopK: 3, stride: 64 };
const READING: ScoreReading = { model: 'tiny', fingerprint: 'a'.repeat(64), maxLength: 512, windowing: WINDOWING, maxDocumentTokens: 4096 };

const keyOf = (reading: ScoreReading, query = 'berlin', text = 'Berlin has 3.7 million inhabitants.') =>
  scoreCacheKeys('fleet', reading, query, [text])[0];

describe('scoreCacheKeys', () => {
  it('returns the same key for the same model, reading and texts, under the prefix and the model name', () => {
    const key = keyOf(READING);
    expect(keyOf({ ...READING, windowing: { ...WINDOWING } })).toBe(key);
    expect(key).toMatch(/^fleet:score-cache:tiny:[\w-]{43}:[\w-]{43}$/);
    expect(scoreCacheKeys('other-fleet', READING, 'berlin', ['Berlin has 3.7 million inhabitants.'])[0]).not.toBe(key);
  });

  it('returns one key per text, equal for equal texts', () => {
    const keys = scoreCacheKeys('fleet', READING, 'berlin', ['a', 'b', 'a']);
    expect(keys[0]).toBe(keys[2]);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it.each<[string, Partial<ScoreReading>]>([
    ['another model name', { model: 'other' }],
    ['another model fingerprint', { fingerprint: 'b'.repeat(64) }],
    ['another max length', { maxLength: 256 }],
    ['truncation instead of windows', { windowing: undefined }],
    ['another aggregation', { windowing: { ...WINDOWING, aggregation: 'mean' } }],
    ['another chunk limit', { windowing: { ...WINDOWING, maxChunks: 4 } }],
    ['another mean_top_k', { windowing: { ...WINDOWING, meanTopK: 2 } }],
    ['another stride', { windowing: { ...WINDOWING, stride: 0 } }],
    ['another max_tokens_per_doc', { maxDocumentTokens: 512 }],
    ['no max_tokens_per_doc', { maxDocumentTokens: undefined }],
  ])('returns another key for %s', (_case, change) => {
    expect(keyOf({ ...READING, ...change })).not.toBe(keyOf(READING));
  });

  it('returns another key for another query or document text, however small the difference', () => {
    const key = keyOf(READING);
    expect(keyOf(READING, 'berlin ')).not.toBe(key);
    expect(keyOf(READING, 'Berlin')).not.toBe(key);
    expect(keyOf(READING, 'berlin', 'Berlin has 3.7 million inhabitants')).not.toBe(key);
    // The query and the text are hashed apart, so moving characters between them changes the key.
    expect(keyOf(READING, 'ab', 'c')).not.toBe(keyOf(READING, 'a', 'bc'));
  });
});
