import { Lane } from '@rerank/contracts';
import { DirectEmbeddings } from '../../../test/support/direct-embeddings';
import { TINY_BI_ENCODER_FIXTURE_DIR, TINY_FIXTURE_DIR } from '../../../test/support/fixtures';
import { BiEncoderEmbedder, normalizeInPlace, resolveModelKind } from './bi-encoder.embedder';

const model = { source: TINY_BI_ENCODER_FIXTURE_DIR, file: 'onnx/model.onnx' };
const runtime = { executionProvider: 'cpu' as const, cudaDevice: 0, intraOpThreads: 1 };
const TEXTS = [
  'berlin',
  'Berlin has about 3.7 million registered inhabitants, the most of any city in the European Union.',
  'Paris is the capital of France.',
  'The river Spree flows through the centre of Berlin and joins the Havel in Spandau, a district in the west.',
];

const norm = (vector: ArrayLike<number>) => Math.sqrt(Array.from(vector).reduce((sum, value) => sum + value * value, 0));
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (value, k) => Math.abs(value - b[k])));

describe('BiEncoderEmbedder', () => {
  let embedder: BiEncoderEmbedder;
  let direct: DirectEmbeddings;

  beforeAll(async () => {
    // Big runs: the texts are padded to the longest, so the pooling must skip the padding.
    embedder = await BiEncoderEmbedder.load({ model, runtime, batch: { maxTokens: 4096, maxRows: 64, maxWaitMs: 0, roundTokens: 4096 } });
    direct = await DirectEmbeddings.load();
  });

  afterAll(async () => {
    await embedder?.release();
    await direct?.release();
  });

  it('returns, in input order, the mean-pooled and normalised vector of each text within 1e-5 of a direct computation', async () => {
    const { vectors, paddedTokens, realTokens, truncated } = await embedder.embed(TEXTS);
    expect(paddedTokens).toBeGreaterThan(realTokens);
    expect(truncated).toEqual([]);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const [i, text] of TEXTS.entries()) {
      expect(vectors[i]).toHaveLength(32);
      expect(maxDifference(vectors[i], await direct.embed(text))).toBeLessThan(1e-5);
      expect(norm(vectors[i])).toBeCloseTo(1, 5);
    }
    // The texts' vectors differ by far more than the tolerance, so a row mix-up would show.
    expect(maxDifference(vectors[0], vectors[2])).toBeGreaterThan(0.01);
  });

  it('returns the pooled vector unnormalised when asked not to normalise', async () => {
    const { vectors } = await embedder.embed(TEXTS.slice(2, 3), { normalize: false });
    const pooled = await direct.pooled(TEXTS[2]);
    expect(maxDifference(vectors[0], pooled)).toBeLessThan(1e-5);
    expect(Math.abs(norm(vectors[0]) - 1)).toBeGreaterThan(0.01);
  });

  it('cuts a text longer than 256 tokens (sentence_bert_config.json) and reports it truncated', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i % 7}`).join(' ');
    expect(embedder.maxLength).toBe(256);
    const { vectors, truncated } = await embedder.embed(['short text', long], { lane: Lane.Bulk });
    expect(truncated).toEqual([1]);
    expect(maxDifference(vectors[1], await direct.embed(long, 256))).toBeLessThan(1e-5);
  });

  it('keeps the end of a long text with truncation direction left', async () => {
    const words = Array.from({ length: 300 }, (_, i) => ['alpha', 'beta', 'gamma'][i % 3]);
    const tail = `${words.join(' ')} berlin paris rome`;
    const right = await embedder.embed([tail]);
    const left = await embedder.embed([tail], { truncationDirection: 'left' });
    expect(left.truncated).toEqual([0]);
    expect(maxDifference(left.vectors[0], right.vectors[0])).toBeGreaterThan(1e-4);
  });
});

describe('resolveModelKind', () => {
  it('reads bi-encoder from a directory whose modules.json has a Pooling module, cross-encoder otherwise', async () => {
    await expect(resolveModelKind(model)).resolves.toBe('bi-encoder');
    await expect(resolveModelKind({ source: TINY_FIXTURE_DIR, file: 'onnx/model.onnx' })).resolves.toBe('cross-encoder');
  });

  it('returns the kind set by hand without looking at the directory', async () => {
    await expect(resolveModelKind({ source: '/nowhere', file: 'onnx/model.onnx', kind: 'bi-encoder' })).resolves.toBe('bi-encoder');
  });
});

describe('normalizeInPlace', () => {
  it('scales a vector to unit length and leaves a zero vector zero', () => {
    expect(Array.from(normalizeInPlace(Float32Array.of(3, 4)))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(Array.from(normalizeInPlace(new Float32Array(2)))).toEqual([0, 0]);
  });
});
