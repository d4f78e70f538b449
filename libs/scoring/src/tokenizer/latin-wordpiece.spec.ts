import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import { generateFixtureModel, SeededRandom } from '@rerank/fixture-model';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LatinWordPiece } from './latin-wordpiece';
import { PairTokenizer } from './pair-tokenizer';
import { readTokenizerFiles } from './tokenizer-json';

// Words that take every branch: plain, cased, split into pieces, unknown, over 100 characters,
// punctuation, digits, accents, CJK, emoji, control and zero-width characters, added tokens.
const WORDS = [
  'berlin',
  'Berlin',
  'BERLIN',
  'population',
  'unaffable',
  'tokenization',
  'xylophonist',
  'qzxv',
  "don't",
  'e-mail',
  'U.S.A.',
  '3.7',
  '1,000,000',
  '##ing',
  '#hash',
  '@user',
  'a+b=c',
  '(parenthesis)',
  '"quoted"',
  '[SEP]',
  '[cls]',
  '[UNK]',
  '[MASK]x',
  'x[PAD]',
  'naïve',
  'café',
  'CAFÉ',
  'über',
  'straße',
  'résumé',
  'Ωmega',
  'ǅ',
  '東京',
  '人口',
  'Tōkyō',
  '😀',
  'a😀b',
  'x'.repeat(100),
  'x'.repeat(101),
  'ab'.repeat(70),
  '\u0000',
  'a\u0007b',
  'zero\u200bwidth',
  'soft\u00adhyphen',
  'ﬁne',
  '½',
  '\ufffd',
  'e\u0301',
  'ÆSIR',
  'œuvre',
  'İstanbul',
  'ĳssel',
  '«guillemets»',
  '¿qué?',
  '¡hola!',
  '©2024',
  'µm',
  'ªº',
  '×÷',
  'a\u00a0b',
  'Ŀl',
  'ſ',
  'ŉ',
  'Ðð',
  'Łódź',
  'Ærø',
  'São',
  'ação',
  'Ñandú',
  'Œ',
  'ÿ',
  'ß',
  'é'.repeat(101),
  'x\u0085y',
  'x\u007fy',
  'cafe\u0301',
  'the',
  'of',
  'and',
  'a',
  'in',
  'is',
  'people',
  'live',
  'many',
  'how',
];
const identity = (text: string) => text;
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\u3000', ', ', '. ', '', '-'];

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)];
}

/** Random printable ASCII, so punctuation runs and odd spellings come up too. */
function asciiNoise(random: SeededRandom): string {
  return Array.from({ length: 1 + Math.floor(random.next() * 12) }, () => String.fromCharCode(0x21 + Math.floor(random.next() * 94))).join(
    '',
  );
}

function randomText(random: SeededRandom, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    parts.push(random.next() < 0.1 ? asciiNoise(random) : pick(random, WORDS));
    parts.push(pick(random, SEPARATORS));
  }
  return parts.join('');
}

describe('LatinWordPiece', () => {
  let root: string;
  let dir: string;
  let fast: PairTokenizer;
  let reference: PairTokenizer;
  let transformers: PreTrainedTokenizer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'latin-wordpiece-'));
    dir = (await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny') })).dir;
    [fast, reference, transformers] = await Promise.all([
      PairTokenizer.load(dir),
      PairTokenizer.load(dir, { fastPath: false, readPrefixes: false }),
      AutoTokenizer.from_pretrained(dir, { local_files_only: true }),
    ]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is chosen for the BERT fixture and refused, with the reason, for other pipelines', async () => {
    expect(fast.fastPathAbsence).toBeUndefined();
    const { tokenizer, config } = await readTokenizerFiles(dir);
    const vocab = new Map(Object.entries(tokenizer.model?.vocab as Record<string, number>));
    const byteLevel = { ...tokenizer, pre_tokenizer: { type: 'ByteLevel' } };
    expect(LatinWordPiece.choose(byteLevel, config, vocab, identity)).toEqual({
      reason: 'pre-tokenizer ByteLevel is not BertPreTokenizer',
    });
    const spaced = { ...tokenizer, added_tokens: [...(tokenizer.added_tokens ?? []), { id: 5, content: 'new york' }] };
    expect(LatinWordPiece.choose(spaced, config, vocab, identity)).toEqual({ reason: 'an added token is empty or holds whitespace' });
  });

  it("gives transformers.js' ids for 3,000 random texts", () => {
    const random = new SeededRandom(3);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(random, Math.floor(random.next() ** 2 * 60));
      expect({ text, ids: fast.encodeSingle(text) }).toEqual({ text, ids: transformers.encode(text) });
    }
  });

  it('gives the reference pairs for 2,000 random documents, truncated from either end', () => {
    const random = new SeededRandom(5);
    for (let call = 0; call < 100; call++) {
      const query = randomText(random, 1 + Math.floor(random.next() * (call % 10 === 0 ? 400 : 12)));
      const documents = Array.from({ length: 20 }, () => randomText(random, Math.floor(random.next() ** 3 * 800)));
      const maxLength = [512, 128, 32][call % 3];
      const maxDocumentTokens = call % 4 === 0 ? 1 + Math.floor(random.next() * 700) : undefined;
      const direction = call % 2 === 0 ? 'right' : 'left';
      expect(fast.encodePairs(query, documents, maxLength, maxDocumentTokens, direction)).toEqual(
        reference.encodePairs(query, documents, maxLength, maxDocumentTokens, direction),
      );
    }
  });

  it('gives the reference windows and spans for 1,000 random documents read with strides', () => {
    const random = new SeededRandom(13);
    for (let call = 0; call < 50; call++) {
      const query = randomText(random, 1 + Math.floor(random.next() * (call % 10 === 0 ? 300 : 12)));
      const documents = Array.from({ length: 20 }, () => randomText(random, Math.floor(random.next() ** 2 * 800)));
      const options = {
        stride: Math.floor(random.next() * 80),
        maxWindows: 1 + Math.floor(random.next() * 6),
        truncationDirection: call % 2 === 0 ? ('right' as const) : ('left' as const),
        ...(call % 3 === 0 ? { maxDocumentTokens: 1 + Math.floor(random.next() * 2000) } : {}),
      };
      const maxLength = [512, 96][call % 2];
      expect(fast.encodeWindows(query, documents, maxLength, options)).toEqual(
        reference.encodeWindows(query, documents, maxLength, options),
      );
    }
  });

  it('leaves text that may hold an added token, raw or normalized, to the fallback', async () => {
    const { tokenizer } = await readTokenizerFiles(dir);
    const added = { id: 30522, content: 'élan', single_word: false, lstrip: false, rstrip: false, normalized: true, special: false };
    const withAdded = path.join(root, 'with-added');
    await cp(dir, withAdded, { recursive: true });
    await writeFile(
      path.join(withAdded, 'tokenizer.json'),
      JSON.stringify({ ...tokenizer, added_tokens: [...(tokenizer.added_tokens ?? []), added] }),
    );
    const [fastAdded, referenceAdded] = await Promise.all([
      PairTokenizer.load(withAdded),
      PairTokenizer.load(withAdded, { fastPath: false }),
    ]);
    expect(fastAdded.fastPathAbsence).toBeUndefined();
    const texts = ['élan vital', 'ELAN', 'Élan', 'un élan', 'éland', 'xélan', 'Ëlan', 'elan', 'ÉLAN!'];
    for (const text of texts) expect({ text, ids: fastAdded.encodeSingle(text) }).toEqual({ text, ids: referenceAdded.encodeSingle(text) });
    expect(fastAdded.encodeSingle('élan')).toContain(30522);
  });

  it.each([
    ['cased', { lowercase: false, strip_accents: null }],
    ['lower-cased, accents kept', { lowercase: true, strip_accents: false }],
    ['cased, accents stripped', { lowercase: false, strip_accents: true }],
  ])('gives the reference ids for 1,000 random texts with a %s normalizer', async (name, settings) => {
    const { tokenizer } = await readTokenizerFiles(dir);
    const variant = path.join(root, name.replace(/\W+/g, '-'));
    await cp(dir, variant, { recursive: true });
    await writeFile(
      path.join(variant, 'tokenizer.json'),
      JSON.stringify({ ...tokenizer, normalizer: { ...tokenizer.normalizer, ...settings } }),
    );
    const [fastVariant, referenceVariant] = await Promise.all([
      PairTokenizer.load(variant),
      PairTokenizer.load(variant, { fastPath: false }),
    ]);
    expect(fastVariant.fastPathAbsence).toBeUndefined();
    const random = new SeededRandom(19);
    for (let i = 0; i < 1000; i++) {
      const text = randomText(random, Math.floor(random.next() ** 2 * 60));
      expect({ text, ids: fastVariant.encodeSingle(text) }).toEqual({ text, ids: referenceVariant.encodeSingle(text) });
    }
  });

  it('gives the reference single texts for a bi-encoder, cut from either end', () => {
    const random = new SeededRandom(17);
    const texts = Array.from({ length: 300 }, () => randomText(random, Math.floor(random.next() ** 2 * 300)));
    for (const direction of ['right', 'left'] as const) {
      expect(fast.encodeTexts(texts, 64, direction)).toEqual(reference.encodeTexts(texts, 64, direction));
    }
  });
});
