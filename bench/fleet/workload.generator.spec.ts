import { generateWorkload, loadVocabularyWords, RerankCall, wordCount } from './workload.generator';

const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
const bareWords = (text: string) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[.,]$/, ''));

describe('loadVocabularyWords', () => {
  it('returns the alphabetic whole words of bert-base-uncased, most frequent first', () => {
    const words = loadVocabularyWords();
    expect(words.slice(0, 5)).toEqual(['the', 'of', 'and', 'in', 'to']);
    expect(words.length).toBeGreaterThan(20_000);
    expect(words.every((word) => /^[a-z]+$/.test(word))).toBe(true);
  });
});

describe('generateWorkload', () => {
  const vocabulary = loadVocabularyWords();
  let calls: RerankCall[];

  beforeAll(() => {
    calls = generateWorkload(vocabulary, { requests: 30, documentsPerRequest: 50, seed: 1 });
  });

  it('returns the same calls when generated twice with the same seed', () => {
    expect(generateWorkload(vocabulary, { requests: 30, documentsPerRequest: 50, seed: 1 })).toEqual(calls);
  });

  it('returns different calls when the seed differs', () => {
    const other = generateWorkload(vocabulary, { requests: 30, documentsPerRequest: 50, seed: 2 });
    expect(other[0].query).not.toBe(calls[0].query);
  });

  it('returns the requested number of calls and documents per call', () => {
    expect(calls).toHaveLength(30);
    expect(calls.every((call) => call.documents.length === 50)).toBe(true);
  });

  it('returns queries of 4-15 words averaging about 6, as MS MARCO queries', () => {
    const lengths = calls.map((call) => wordCount(call.query));
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
    expect(mean(lengths)).toBeGreaterThan(5.5);
    expect(mean(lengths)).toBeLessThan(7.5);
  });

  it('returns passages of 20-150 words averaging 50-65 with a long tail, as MS MARCO passages', () => {
    const lengths = calls.flatMap((call) => call.documents.map(wordCount));
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(150);
    expect(mean(lengths)).toBeGreaterThan(50);
    expect(mean(lengths)).toBeLessThan(65);
    expect(lengths.filter((length) => length > 100).length).toBeGreaterThan(lengths.length * 0.02);
  });

  it('returns text made of vocabulary words and numbers, common words most often', () => {
    const known = new Set(vocabulary);
    const words = calls.flatMap((call) => call.documents.flatMap(bareWords));
    expect(words.every((word) => known.has(word) || /^\d+$/.test(word))).toBe(true);
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    const [mostCommon] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    expect(mostCommon[0]).toBe('the');
    // Zipf: the top word alone is a few percent of the text, and thousands of words appear.
    expect(mostCommon[1] / words.length).toBeGreaterThan(0.02);
    expect(counts.size).toBeGreaterThan(5_000);
  });
});
