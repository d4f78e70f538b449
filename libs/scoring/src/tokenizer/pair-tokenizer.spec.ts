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
    await expect(PairTokenizer.load(empty)).rejects.toThrow(
      `cannot load a tokenizer from ${empty}: tokenizer.json is missing`,
    );
  });
});
