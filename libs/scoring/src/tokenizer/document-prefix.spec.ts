import { generateFixtureModel, SeededRandom } from '@rerank/fixture-model';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodePrefix, splitsAtWhitespace, whitespaceCut } from './document-prefix';
import { PairTokenizer } from './pair-tokenizer';

const WORDS = [
  'berlin',
  'Population',
  'naïve',
  'café',
  'über',
  'straße',
  "don't",
  'e-mail',
  'U.S.A.',
  '3.7',
  '1,000,000',
  '東京',
  '人口',
  '😀',
  'résumé',
  'Ωmega',
  'x'.repeat(120),
  'co-operation',
  '(parenthesis)',
  '"quoted"',
  'tab\there',
  'the',
  'of',
  'and',
  'a',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\n', '\t', '\u00a0', '\r\n', ', ', '. '];

function randomText(random: SeededRandom, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    parts.push(WORDS[Math.floor(random.next() * WORDS.length)]);
    parts.push(SEPARATORS[Math.floor(random.next() * SEPARATORS.length)]);
  }
  return parts.join('');
}

describe('document prefixes', () => {
  it('cuts at the first ASCII whitespace at or after a position', () => {
    expect(whitespaceCut('ab cd\tef', 0)).toBe(2);
    expect(whitespaceCut('ab cd\tef', 3)).toBe(5);
    expect(whitespaceCut('ab cd\tef', 6)).toBe(8);
  });

  it('reads only as far as the tokens asked for, and the whole text when it is shorter', () => {
    const reads: number[] = [];
    const encode = (text: string) => {
      reads.push(text.length);
      return {
        ids: text
          .split(' ')
          .filter(Boolean)
          .map(() => 1),
      };
    };
    const text = 'word '.repeat(200_000); // 1,000,000 characters
    const { encoding, text: read } = encodePrefix(text, 600, encode);
    expect(encoding.ids.length).toBeGreaterThanOrEqual(600);
    expect(read.length).toBeLessThan(10_000);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(20_000);
    expect(encodePrefix('a b c', 600, encode).text).toBe('a b c');
  });

  it('trusts only pre-tokenizers that split at whitespace first', () => {
    expect(splitsAtWhitespace({ type: 'BertPreTokenizer' })).toBe(true);
    expect(splitsAtWhitespace({ type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace' }] })).toBe(true);
    expect(splitsAtWhitespace({ type: 'ByteLevel' })).toBe(false);
    expect(splitsAtWhitespace({ type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'ByteLevel' }] })).toBe(false);
    expect(splitsAtWhitespace(null)).toBe(false);
  });

  describe('against tokenizing every document whole (differential)', () => {
    let root: string;
    let bounded: PairTokenizer;
    let whole: PairTokenizer;

    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'document-prefix-'));
      const { dir } = await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny') });
      [bounded, whole] = await Promise.all([PairTokenizer.load(dir), PairTokenizer.load(dir, { readPrefixes: false })]);
    });

    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('gives the same pairs for 1,200 random documents, truncated and capped', () => {
      const random = new SeededRandom(7);
      for (let call = 0; call < 60; call++) {
        const query = randomText(random, 1 + Math.floor(random.next() * (call % 10 === 0 ? 400 : 12)));
        const documents = Array.from({ length: 20 }, () => randomText(random, Math.floor(random.next() ** 3 * 1500)));
        const maxLength = [512, 128, 32][call % 3];
        const maxDocumentTokens = call % 4 === 0 ? 1 + Math.floor(random.next() * 700) : undefined;
        expect(bounded.encodePairs(query, documents, maxLength, maxDocumentTokens)).toEqual(
          whole.encodePairs(query, documents, maxLength, maxDocumentTokens),
        );
      }
    });

    it('gives the same windows and spans for 1,000 random documents read in windows', () => {
      const random = new SeededRandom(11);
      for (let call = 0; call < 50; call++) {
        const query = randomText(random, 1 + Math.floor(random.next() * (call % 10 === 0 ? 300 : 12)));
        const documents = Array.from({ length: 20 }, () => randomText(random, Math.floor(random.next() ** 2 * 1200)));
        const options = {
          stride: Math.floor(random.next() * 80),
          maxWindows: 1 + Math.floor(random.next() * 6),
          ...(call % 3 === 0 ? { maxDocumentTokens: 1 + Math.floor(random.next() * 2000) } : {}),
        };
        const maxLength = [512, 96][call % 2];
        expect(bounded.encodeWindows(query, documents, maxLength, options)).toEqual(
          whole.encodeWindows(query, documents, maxLength, options),
        );
      }
    });

    it('reads a 1,000,000-character document as its first windows, the same as its first 20,000 characters', () => {
      const million = 'berlin has many people '.repeat(43_479).slice(0, 1_000_000);
      const head = million.slice(0, 20_000);
      const query = 'how many people live in berlin';
      const options = { stride: 64, maxWindows: 2 };
      expect(bounded.encodePairs(query, [million], 512)).toEqual(whole.encodePairs(query, [head], 512));
      const windows = bounded.encodeWindows(query, [million], 512, options)[0];
      expect(windows).toHaveLength(2);
      expect(windows).toEqual(whole.encodeWindows(query, [head], 512, options)[0]);
    });
  });
});
