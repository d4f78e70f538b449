import { FUNCTION_WORDS, SyntheticCorpus } from './synthetic-corpus';

describe('SyntheticCorpus', () => {
  const options = { seed: 7, vocabulary: 5_000, minWords: 50, maxWords: 300 };

  it('returns the same documents and queries for the same seed', () => {
    const a = new SyntheticCorpus(options);
    const b = new SyntheticCorpus(options);
    for (let i = 0; i < 5; i++) expect(a.document(i).document).toEqual(b.document(i).document);
    expect(a.zipfQuery()).toBe(b.zipfQuery());
    expect(new SyntheticCorpus({ ...options, seed: 8 }).document(0).document).not.toEqual(
      new SyntheticCorpus(options).document(0).document,
    );
  });

  it('writes 50-300 words per text, most often the function words at the top ranks', () => {
    const corpus = new SyntheticCorpus(options);
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const words = corpus.document(i).document.text.replace(/\.$/, '').split(' ');
      expect(words.length).toBeGreaterThanOrEqual(50);
      expect(words.length).toBeLessThanOrEqual(300);
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const byFrequency = [...counts].sort((x, y) => y[1] - x[1]).map(([word]) => word);
    expect(byFrequency.slice(0, 3)).toEqual(FUNCTION_WORDS.slice(0, 3));
    // Zipf-Mandelbrot: p(the) / p(of) = (2 + 2.7) / (1 + 2.7), about 1.27.
    expect((counts.get('the') as number) / (counts.get('of') as number)).toBeGreaterThan(1.1);
  });

  it('builds known-item queries from 2-5 distinct content words of the document', () => {
    const corpus = new SyntheticCorpus(options);
    for (let i = 0; i < 50; i++) {
      const { document, ranks } = corpus.document(i);
      const words = corpus.knownItemQuery(ranks).split(' ');
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(5);
      expect(new Set(words).size).toBe(words.length);
      for (const word of words) {
        expect(document.text.split(/[ .]/)).toContain(word);
        expect(FUNCTION_WORDS).not.toContain(word);
      }
    }
  });
});
