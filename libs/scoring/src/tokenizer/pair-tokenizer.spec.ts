import { env } from '@huggingface/transformers';
import { generateFixtureModel } from '@rerank/fixture-model';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PairTokenizer } from './pair-tokenizer';

const CLS = 101;
const SEP = 102;
const BERLIN = 4068;
const PEOPLE = 2111;
// "how many people live in berlin ?" in bert-base-uncased ids.
const QUESTION = 'How many people live in Berlin?';
const QUESTION_IDS = [2129, 2116, 2111, 2444, 1999, 4068, 1029];

const repeat = (word: string, times: number) => Array(times).fill(word).join(' ');

describe('PairTokenizer', () => {
  let root: string;
  let modelDir: string;
  let tokenizer: PairTokenizer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pair-tokenizer-'));
    modelDir = (await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny') })).dir;
    tokenizer = await PairTokenizer.load(modelDir);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns the bert-base-uncased ids when encoding a single question', () => {
    expect(tokenizer.encodeSingle(QUESTION)).toEqual([CLS, ...QUESTION_IDS, SEP]);
  });

  it('returns the same ids when text differs only in case and accents', () => {
    expect(tokenizer.encodeSingle('CAFÉ in BERLIN')).toEqual(tokenizer.encodeSingle('cafe in berlin'));
  });

  it('returns type ids 0 for the query part and 1 for the document part when encoding a pair', () => {
    const [pair] = tokenizer.encodePairs(QUESTION, ['Berlin people.'], 512);
    expect(pair.inputIds).toEqual([CLS, ...QUESTION_IDS, SEP, BERLIN, PEOPLE, 1012, SEP]);
    expect(pair.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('returns one pair per document, in order, when encoding several documents', () => {
    const pairs = tokenizer.encodePairs('berlin', ['people', 'berlin people', ''], 512);
    expect(pairs.map((pair) => pair.inputIds)).toEqual([
      [CLS, BERLIN, SEP, PEOPLE, SEP],
      [CLS, BERLIN, SEP, BERLIN, PEOPLE, SEP],
      [CLS, BERLIN, SEP, SEP],
    ]);
  });

  it('returns the whole query and a truncated document when the pair exceeds maxLength', () => {
    const [pair] = tokenizer.encodePairs(QUESTION, [repeat('berlin', 100)], 20);
    expect(pair.inputIds).toEqual([CLS, ...QUESTION_IDS, SEP, ...Array(10).fill(BERLIN), SEP]);
    expect(pair.tokenTypeIds).toEqual([...Array(9).fill(0), ...Array(11).fill(1)]);
  });

  it('returns the query cut too when it is longer than half of what the specials leave', () => {
    // longest_first as tokenizers implements it: 13 slots, a 7-token query keeps 6, the document 7.
    const [pair] = tokenizer.encodePairs(QUESTION, [repeat('berlin', 100)], 16);
    expect(pair.inputIds).toEqual([CLS, ...QUESTION_IDS.slice(0, 6), SEP, ...Array(7).fill(BERLIN), SEP]);
  });

  it('returns both sequences cut to about half when query and document are both long', () => {
    const [pair] = tokenizer.encodePairs(repeat('berlin', 40), [repeat('people', 100)], 16);
    expect(pair.inputIds).toEqual([CLS, ...Array(6).fill(BERLIN), SEP, ...Array(7).fill(PEOPLE), SEP]);
  });

  it('returns pairs of at most maxLength tokens when documents vary in length', () => {
    const documents = [1, 50, 200, 600].map((words) => repeat('people', words));
    const lengths = tokenizer.encodePairs(QUESTION, documents, 128).map((pair) => pair.inputIds.length);
    expect(lengths).toEqual([11, 60, 128, 128]);
  });

  it('throws a RangeError when maxLength leaves no room or exceeds model_max_length', () => {
    expect(() => tokenizer.encodePairs('q', ['d'], 3)).toThrow(RangeError);
    expect(() => tokenizer.encodePairs('q', ['d'], 513)).toThrow("exceeds the tokenizer's model_max_length 512");
  });

  describe('encodeWindows', () => {
    // Each of these is one token of bert-base-uncased (checked below), so windows fall on words.
    const WORDS = ['Café', 'Zürich', 'naïve', 'résumé', 'ÉCOLE', '😀', 'über', '—', 'Montréal', ',', 'München', '!'];
    const codePoints = (text: string) => [...text];
    const spanText = (text: string, span: { start: number; end: number } | undefined) =>
      span && codePoints(text).slice(span.start, span.end).join('');

    /** A document of `count` one-token words, with each word's code point span. */
    function wordDocument(count: number): { text: string; words: { start: number; end: number }[] } {
      const words: { start: number; end: number }[] = [];
      let text = '';
      for (let i = 0; i < count; i++) {
        if (i > 0) text += ' ';
        const start = codePoints(text).length;
        text += WORDS[i % WORDS.length];
        words.push({ start, end: codePoints(text).length });
      }
      return { text, words };
    }

    it('uses only words that are one token each', () => {
      for (const word of WORDS) expect(tokenizer.encodeSingle(word)).toHaveLength(3);
    });

    it('returns one window equal to the truncated pair, without a span, when the document fits', () => {
      const [windows] = tokenizer.encodeWindows(QUESTION, ['Berlin people.'], 512, { stride: 4, maxWindows: 8 });
      expect(windows).toEqual([{ pair: tokenizer.encodePairs(QUESTION, ['Berlin people.'], 512)[0] }]);
    });

    it('returns windows of the rest of the room after the query, with code point spans of their words', () => {
      // maxLength 14 leaves 11 tokens: 1 for "berlin", 10 per window; 30 words give windows at 0, 10, 20.
      const { text, words } = wordDocument(30);
      const [windows] = tokenizer.encodeWindows('berlin', [text], 14, { stride: 0, maxWindows: 16 });
      expect(windows.map((window) => window.span)).toEqual(
        [0, 10, 20].map((first) => ({ start: words[first].start, end: words[first + 9].end })),
      );
      expect(windows.every((window) => window.pair.inputIds.length === 14)).toBe(true);
      expect(windows[0].pair).toEqual(tokenizer.encodePairs('berlin', [text], 14)[0]);
      expect(windows[1].pair.inputIds.slice(0, 3)).toEqual([CLS, BERLIN, SEP]);
      // The emoji before the second window counts as one character, as in Python's str.
      expect(spanText(text, windows[1].span)).toBe(WORDS.slice(10).concat(WORDS.slice(0, 8)).join(' '));
    });

    it('returns a span starting inside a word when a window starts on a word piece', () => {
      // "Straße" is "st ##raße"; windows of 5 tokens over 12 start at 0, 5 and 7.
      const text = Array(6).fill('Straße').join(' ');
      const [windows] = tokenizer.encodeWindows('berlin', [text], 9, { stride: 0, maxWindows: 16 });
      expect(windows.map((window) => spanText(text, window.span))).toEqual([
        'Straße Straße St',
        'raße Straße Straße',
        'raße Straße Straße',
      ]);
    });

    it('returns at most maxWindows windows and reads at most maxDocumentTokens tokens', () => {
      const { text, words } = wordDocument(30);
      const [bounded] = tokenizer.encodeWindows('berlin', [text], 14, { stride: 0, maxWindows: 2 });
      expect(bounded.map((window) => window.span?.start)).toEqual([words[0].start, words[10].start]);
      const [capped] = tokenizer.encodeWindows('berlin', [text], 14, { stride: 0, maxWindows: 16, maxDocumentTokens: 15 });
      expect(capped.map((window) => window.span)).toEqual([
        { start: words[0].start, end: words[9].end },
        { start: words[5].start, end: words[14].end },
      ]);
    });

    it('returns windows planned back from the end, the last maxWindows of them, when truncating from the left', () => {
      // 30 words, windows of 10: from the end they start at 20, 10, 0; two of them read words 10 to 29.
      const { text, words } = wordDocument(30);
      const [windows] = tokenizer.encodeWindows('berlin', [text], 14, { stride: 0, maxWindows: 2, truncationDirection: 'left' });
      expect(windows.map((window) => window.span)).toEqual(
        [20, 10].map((first) => ({ start: words[first].start, end: words[first + 9].end })),
      );
      const [capped] = tokenizer.encodeWindows('berlin', [text], 14, {
        stride: 0,
        maxWindows: 16,
        maxDocumentTokens: 12,
        truncationDirection: 'left',
      });
      expect(capped.map((window) => window.span)).toEqual([
        { start: words[20].start, end: words[29].end },
        { start: words[18].start, end: words[27].end },
      ]);
    });
  });

  it('returns the end of a document, and of a long query, when truncating pairs from the left', () => {
    const [pair] = tokenizer.encodePairs('berlin', ['people ' + repeat('berlin', 20)], 8, undefined, 'left');
    expect(pair.inputIds).toEqual([CLS, BERLIN, SEP, BERLIN, BERLIN, BERLIN, BERLIN, SEP]);
    const [capped] = tokenizer.encodePairs('berlin', [repeat('berlin', 20) + ' people'], 512, 2, 'left');
    expect(capped.inputIds).toEqual([CLS, BERLIN, SEP, BERLIN, PEOPLE, SEP]);
    const [longQuery] = tokenizer.encodePairs('people ' + repeat('berlin', 20), [repeat('people', 20)], 9, undefined, 'left');
    expect(longQuery.inputIds).toEqual([CLS, BERLIN, BERLIN, BERLIN, SEP, PEOPLE, PEOPLE, PEOPLE, SEP]);
  });

  it('returns the document cut to maxDocumentTokens before truncation when encoding pairs', () => {
    const [pair] = tokenizer.encodePairs('berlin', [repeat('people', 100)], 512, 4);
    expect(pair.inputIds).toEqual([CLS, BERLIN, SEP, PEOPLE, PEOPLE, PEOPLE, PEOPLE, SEP]);
  });

  it('loads from a bare relative path that looks like a Hub model id, without any network request', async () => {
    // transformers.js 4.3 sends "tiny" to the Hub even with local_files_only (its tokenizer file
    // probe drops that option), so this pins both the path handling and the offline guarantee.
    const cwd = process.cwd();
    const realFetch = env.fetch;
    const fetch = jest.fn(() => Promise.reject(new Error('network access in a unit test')));
    env.fetch = fetch;
    process.chdir(root);
    try {
      const relative = await PairTokenizer.load('tiny');
      expect(relative.encodeSingle(QUESTION)).toEqual([CLS, ...QUESTION_IDS, SEP]);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      process.chdir(cwd);
      env.fetch = realFetch;
    }
  });

  it('rejects a directory without tokenizer files with a message naming the missing file', async () => {
    const empty = path.join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(PairTokenizer.load(empty)).rejects.toThrow(`cannot load a tokenizer from ${empty}: tokenizer.json is missing`);
  });
});
