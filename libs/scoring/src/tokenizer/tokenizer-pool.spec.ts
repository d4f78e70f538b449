import { generateFixtureModel } from '@rerank/fixture-model';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DocumentWindow } from './document-windows';
import type { EncodedPair } from './encoded-pair';
import { PairTokenizer } from './pair-tokenizer';
import { TokenizerPool } from './tokenizer-pool';

// The pool's threads run the compiled tokenizer from dist/ (npm test builds first).
const plain = (pair: EncodedPair) => ({ inputIds: Array.from(pair.inputIds), tokenTypeIds: Array.from(pair.tokenTypeIds) });
const plainWindows = (documents: DocumentWindow[][]) =>
  documents.map((windows) => windows.map(({ pair, span }) => (span ? { pair: plain(pair), span } : { pair: plain(pair) })));

describe('TokenizerPool', () => {
  let root: string;
  let modelDir: string;
  let tokenizer: PairTokenizer;
  let pool: TokenizerPool;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tokenizer-pool-'));
    modelDir = (await generateFixtureModel({ arch: 'tiny', outDir: path.join(root, 'tiny') })).dir;
    [tokenizer, pool] = await Promise.all([PairTokenizer.load(modelDir), TokenizerPool.start(modelDir, 3)]);
  });

  afterAll(async () => {
    await pool?.close();
    await rm(root, { recursive: true, force: true });
  });

  const documents = Array.from({ length: 50 }, (_, i) => `document ${i} about berlin ${'and its people '.repeat(i * 7)}`);

  it('encodes pairs over its threads exactly as one tokenizer does, in document order', async () => {
    const pooled = await pool.encodePairs('how many people live in berlin?', documents, 128, 90);
    expect(pooled.map(plain)).toEqual(tokenizer.encodePairs('how many people live in berlin?', documents, 128, 90));
  });

  it('encodes windows and their spans exactly as one tokenizer does', async () => {
    const options = { stride: 16, maxWindows: 4 };
    const pooled = await pool.encodeWindows('berlin population', documents, 64, options);
    expect(plainWindows(pooled)).toEqual(tokenizer.encodeWindows('berlin population', documents, 64, options));
  });

  it('answers concurrent calls each with its own documents', async () => {
    const calls = ['alpha', 'beta', 'gamma', 'delta'].map((query) => pool.encodePairs(query, documents.slice(0, 20), 64));
    const answers = await Promise.all(calls);
    ['alpha', 'beta', 'gamma', 'delta'].forEach((query, i) =>
      expect(answers[i].map(plain)).toEqual(tokenizer.encodePairs(query, documents.slice(0, 20), 64)),
    );
  });

  it('rejects a bad max length with the tokenizer’s own message, and keeps serving', async () => {
    await expect(pool.encodePairs('q', ['d'], 2)).rejects.toThrow('maxLength must be an integer above 3');
    expect((await pool.encodePairs('q', ['d'], 16)).map(plain)).toEqual(tokenizer.encodePairs('q', ['d'], 16));
  });

  it('fails to start with the reason when the model directory has no tokenizer', async () => {
    await expect(TokenizerPool.start(root, 1)).rejects.toThrow(
      /tokenizer thread failed to start: cannot load a tokenizer from .*tokenizer.json is missing/,
    );
  });
});
