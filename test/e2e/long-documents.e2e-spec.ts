import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer } from '@rerank/scoring';
import { ONE_TOKEN_WORDS } from '../support/documents';
import { TestFleet } from '../support/test-fleet';

// A small window keeps "long" documents short: 24 tokens leave 21 after [CLS] [SEP] [SEP],
// 2 for the query and 19 for each window of document.
const MAX_LENGTH = 24;
const QUERY = 'berlin population';
// One token each (checked below), so token counts are word counts.
const WORDS = ONE_TOKEN_WORDS;

function words(count: number, seed: number): string {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
  return Array.from({ length: count }, () => WORDS[(next() >> 8) % WORDS.length]).join(' ');
}

interface Result {
  index: number;
  logit: number;
  relevance_score: number;
  best_chunk?: { start: number; end: number };
}

/**
 * The fixture's random weights know nothing of relevance, so the test makes its own: it scores
 * candidate texts with the fixture directly (plain truncation, one pair each) and builds a long
 * document from a filler window that loses to the short documents and a passage window that
 * beats them all. With stride 0 that document is read in exactly those two windows, so what
 * each aggregation must answer follows from single-pair scores alone.
 */
describe('documents longer than the model window', () => {
  let fleet: TestFleet;
  let direct: CrossEncoderScorer;
  let windowTokens: number;
  let shortDocuments: string[];
  let filler: string;
  let passage: string;
  let longDocument: string;
  let documents: string[];
  let score: (text: string) => Promise<number>;
  const LONG = 2;

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { RERANK_MAX_LENGTH: String(MAX_LENGTH) } });
    direct = await loadDirectScorer({ maxLength: MAX_LENGTH });
    score = async (text) => (await direct.score(QUERY, [text])).logits[0];
    for (const word of WORDS) expect((await direct.encode('', [word]))[0].inputIds).toHaveLength(4);
    const queryTokens = (await direct.encode(QUERY, ['']))[0].inputIds.length - 3;
    windowTokens = MAX_LENGTH - 3 - queryTokens;
    expect(windowTokens).toBe(19);

    shortDocuments = [1, 2, 3, 4].map((seed) => words(10, seed));
    const bestShort = Math.max(...(await Promise.all(shortDocuments.map(score))));
    filler = await firstText(100, (logit) => logit < bestShort, 'a filler window scoring below the best short document');
    const fillerLogit = await score(filler);
    passage = await firstText(
      1000,
      (logit) => logit > Math.max(bestShort, fillerLogit),
      'a passage window scoring above every other window',
    );
    longDocument = `${filler} ${passage}`;
    documents = [shortDocuments[0], shortDocuments[1], longDocument, shortDocuments[2], shortDocuments[3]];
  });

  /** The first window-long text, from seed `from` on, whose score satisfies `wanted`. */
  async function firstText(from: number, wanted: (logit: number) => boolean, what: string): Promise<string> {
    for (let seed = from; seed < from + 500; seed++) {
      const text = words(windowTokens, seed);
      if (wanted(await score(text))) return text;
    }
    throw new Error(`no seed from ${from} gave ${what}`);
  }

  afterAll(async () => {
    await direct?.release();
    await fleet?.stop();
  });

  const rerank = async (body: Record<string, unknown>): Promise<Result[]> => {
    const response = await fleet.post('/v1/rerank', { query: QUERY, documents, ...body });
    expect(response.status).toBe(200);
    return response.body.results;
  };
  const resultOf = (results: Result[], index: number) => results.find((result) => result.index === index) as Result;

  it('ranks the document with the relevant passage at its end first with max, and names the passage window', async () => {
    const results = await rerank({ aggregation: 'max', stride: 0 });
    expect(results[0].index).toBe(LONG);
    expect(results[0].logit).toBeCloseTo(await score(passage), 4);
    expect(results[0].best_chunk).toEqual({ start: filler.length + 1, end: longDocument.length });
    expect(longDocument.slice(results[0].best_chunk?.start, results[0].best_chunk?.end)).toBe(passage);
    for (const index of [0, 1, 3, 4]) expect(resultOf(results, index).best_chunk).toBeUndefined();
  });

  it('does not rank it first with truncate, which reads only its first window', async () => {
    const results = await rerank({ truncate: true });
    expect(results[0].index).not.toBe(LONG);
    expect(resultOf(results, LONG).logit).toBeCloseTo(await score(filler), 4);
    expect(resultOf(results, LONG).best_chunk).toBeUndefined();
  });

  it('scores it by its first window with first, and by the mean of its best windows with mean', async () => {
    const first = resultOf(await rerank({ aggregation: 'first', stride: 0 }), LONG);
    expect(first.logit).toBeCloseTo(await score(filler), 4);
    expect(first.best_chunk).toEqual({ start: 0, end: filler.length });
    const mean = resultOf(await rerank({ aggregation: 'mean', mean_top_k: 2, stride: 0 }), LONG);
    expect(mean.logit).toBeCloseTo(((await score(filler)) + (await score(passage))) / 2, 4);
    expect(mean.best_chunk).toEqual({ start: filler.length + 1, end: longDocument.length });
  });

  it('stops reading after max_chunks_per_doc windows', async () => {
    const results = await rerank({ stride: 0, max_chunks_per_doc: 1 });
    expect(results[0].index).not.toBe(LONG);
    expect(resultOf(results, LONG).logit).toBeCloseTo(await score(filler), 4);
  });

  it('ranks it first with the default max aggregation and overlapping windows, in every dialect', async () => {
    const v1 = await rerank({});
    expect(v1[0].index).toBe(LONG);
    expect(v1[0].best_chunk?.end).toBe(longDocument.length);
    const v2 = await fleet.post('/v2/rerank', { model: 'tiny', query: QUERY, documents });
    expect(v2.body.results[0].index).toBe(LONG);
    const tei = await fleet.post('/rerank', { query: QUERY, texts: documents });
    expect(tei.body[0].index).toBe(LONG);
    const teiTruncated = await fleet.post('/rerank', { query: QUERY, texts: documents, truncate: true });
    expect(teiTruncated.body[0].index).not.toBe(LONG);
  });

  it('reads only max_tokens_per_doc tokens of each document on /v2/rerank', async () => {
    const response = await fleet.post('/v2/rerank', { query: QUERY, documents, max_tokens_per_doc: windowTokens });
    expect(response.status).toBe(200);
    const long = response.body.results.find((result: Result) => result.index === LONG);
    expect(long.relevance_score).toBeCloseTo(1 / (1 + Math.exp(-(await score(filler)))), 6);
  });
});
