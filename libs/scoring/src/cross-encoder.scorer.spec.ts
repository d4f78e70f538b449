import { TINY_FIXTURE_DIR } from '../../../test/support/fixtures';
import { CrossEncoderScorer } from './cross-encoder.scorer';

const model = { source: TINY_FIXTURE_DIR, file: 'onnx/model.onnx' };
const runtime = { executionProvider: 'cpu' as const, cudaDevice: 0, intraOpThreads: 1 };
const QUERY = 'how many people live in berlin';
const DOCUMENTS = [
  'berlin',
  'Berlin has about 3.7 million registered inhabitants, the most of any city in the European Union.',
  'Paris is the capital of France.',
  'The river Spree flows through the centre of Berlin and joins the Havel in Spandau, a district in the west.',
];

describe('CrossEncoderScorer', () => {
  let alone: CrossEncoderScorer;
  let batched: CrossEncoderScorer;

  beforeAll(async () => {
    // A one-token budget forces one ONNX run per pair: no padding at all.
    alone = await CrossEncoderScorer.load({ model, runtime, batch: { maxTokens: 1, maxRows: 1, maxWaitMs: 0, roundTokens: 1 } });
    batched = await CrossEncoderScorer.load({ model, runtime, batch: { maxTokens: 4096, maxRows: 64, maxWaitMs: 0, roundTokens: 4096 } });
  });

  afterAll(async () => {
    await alone?.release();
    await batched?.release();
  });

  it('returns the same logit for a pair scored alone or padded in a batch with longer pairs', async () => {
    const single = await alone.score(QUERY, DOCUMENTS);
    const together = await batched.score(QUERY, DOCUMENTS);
    expect(together.paddedTokens).toBeGreaterThan(together.realTokens);
    expect(single.paddedTokens).toBe(single.realTokens);
    together.logits.forEach((logit, i) => expect(logit).toBeCloseTo(single.logits[i], 4));
    // The fixture's logits differ by far more than the tolerance, so a mix-up would show.
    const spread = Math.max(...single.logits) - Math.min(...single.logits);
    expect(spread).toBeGreaterThan(0.01);
  });

  it('returns the same logits when concurrent requests share runs', async () => {
    const [first, second] = await Promise.all([
      batched.score(QUERY, DOCUMENTS.slice(0, 2)),
      batched.score('paris france', DOCUMENTS.slice(2)),
    ]);
    const expectedFirst = await alone.score(QUERY, DOCUMENTS.slice(0, 2));
    const expectedSecond = await alone.score('paris france', DOCUMENTS.slice(2));
    first.logits.forEach((logit, i) => expect(logit).toBeCloseTo(expectedFirst.logits[i], 4));
    second.logits.forEach((logit, i) => expect(logit).toBeCloseTo(expectedSecond.logits[i], 4));
  });

  it('returns, for each document, its truncated score with first and at least that with max, windows batched with other work', async () => {
    const long = Array.from({ length: 300 }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]).join(' ');
    const documents = [DOCUMENTS[1], long];
    const options = { stride: 32, maxWindows: 16 };
    const [first, max, concurrent] = await Promise.all([
      batched.scoreDocuments(QUERY, documents, { ...options, aggregation: 'first', meanTopK: 1 }),
      batched.scoreDocuments(QUERY, documents, { ...options, aggregation: 'max', meanTopK: 1 }),
      batched.score('paris france', DOCUMENTS),
    ]);
    const truncated = await alone.score(QUERY, documents);
    expect(first.documents.map((doc) => doc.logit)).toEqual([
      expect.closeTo(truncated.logits[0], 4),
      expect.closeTo(truncated.logits[1], 4),
    ]);
    const pairTokens = (await alone.encode(QUERY, [documents[0]]))[0].inputIds.length;
    expect(max.documents[0]).toEqual({ logit: expect.closeTo(truncated.logits[0], 4), windows: 1, tokens: pairTokens });
    // A long document's windows are all full pairs (the last one ends at its end), so its tokens are theirs.
    expect(max.documents[1].tokens).toBe(max.documents[1].windows * alone.maxLength);
    expect(max.documents[1].windows).toBeGreaterThan(1);
    expect(max.documents[1].logit).toBeGreaterThanOrEqual(first.documents[1].logit - 1e-4);
    expect(max.documents[1].bestChunk?.end).toBeLessThanOrEqual(long.length);
    expect(first.documents[1].bestChunk?.start).toBe(0);
    expect(concurrent.logits).toHaveLength(DOCUMENTS.length);
  });

  it('truncates pairs to the model limit', async () => {
    const pairs = await alone.encode(QUERY, ['word '.repeat(2000)]);
    expect(pairs[0].inputIds).toHaveLength(512);
    expect(alone.maxLength).toBe(512);
  });
});
