import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { loadDirectScorer } from '../support/direct-scorer';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'berlin population';
const DOCUMENTS = ['Berlin has 3.7 million inhabitants.', 'Paris is the capital of France.', 'The population of Berlin grows.'];

/**
 * No JS client exists for TEI's or Jina's rerank, so their documented contracts are pinned with
 * plain fetch. A deployment names its Jina models in RERANK_JINA_MODELS: their /v1/rerank
 * answers follow Jina's default `return_documents: true`; other models keep Cohere's false.
 */
describe('TEI and Jina contracts', () => {
  let fleet: TestFleet;
  let direct: CrossEncoderScorer;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: {
        RERANK_MODELS: `tiny=${TINY_FIXTURE_DIR},jina-reranker-tiny=${TINY_FIXTURE_DIR}`,
        RERANK_JINA_MODELS: 'jina-reranker-tiny',
        RERANK_BODY_LIMIT_BYTES: '20000',
      },
    });
    direct = await loadDirectScorer();
  });

  afterAll(async () => {
    await direct?.release();
    await fleet?.stop();
  });

  it('returns documents by default for a Jina model, not for a Cohere one, and honours an explicit flag either way', async () => {
    const jina = await fleet.post('/v1/rerank', { model: 'jina-reranker-tiny', query: QUERY, documents: DOCUMENTS });
    expect(jina.status).toBe(200);
    expect(jina.body.results.map((r: { index: number; document: { text: string } }) => r.document.text)).toEqual(
      jina.body.results.map((r: { index: number }) => DOCUMENTS[r.index]),
    );
    expect(jina.body.usage.total_tokens).toBeGreaterThan(0);
    const cohere = await fleet.post('/v1/rerank', { model: 'tiny', query: QUERY, documents: DOCUMENTS });
    expect(cohere.body.results.every((r: { document?: unknown }) => r.document === undefined)).toBe(true);
    const off = await fleet.post('/v1/rerank', {
      model: 'jina-reranker-tiny',
      query: QUERY,
      documents: DOCUMENTS,
      return_documents: false,
    });
    expect(off.body.results.every((r: { document?: unknown }) => r.document === undefined)).toBe(true);
  });

  it('honours return_documents on /v2/rerank', async () => {
    const response = await fleet.post('/v2/rerank', { model: 'tiny', query: QUERY, documents: DOCUMENTS, return_documents: true });
    expect(response.body.results.map((r: { index: number; document: { text: string } }) => r.document.text)).toEqual(
      response.body.results.map((r: { index: number }) => DOCUMENTS[r.index]),
    );
  });

  it("keeps a text's end with truncation_direction Left, and its start with Right", async () => {
    const start = 'berlin population '.repeat(4);
    // One token repeated: the last n tokens of the text are the first n of `end`.
    const end = 'paris '.repeat(800).trim();
    const texts = [start + end];
    const left = await fleet.post('/rerank', { query: QUERY, texts, truncate: true, truncation_direction: 'Left', raw_scores: true });
    const right = await fleet.post('/rerank', { query: QUERY, texts, truncate: true, truncation_direction: 'right', raw_scores: true });
    const [endLogit, startLogit] = (await direct.score(QUERY, [end, texts[0]])).logits;
    expect(left.status).toBe(200);
    expect(left.body[0].score).toBeCloseTo(endLogit, 4);
    expect(right.body[0].score).toBeCloseTo(startLogit, 4);
    // Read in windows (no truncate), Left reads from the end back too: its first window is the text's end.
    const windowed = await fleet.post('/rerank', { query: QUERY, texts, truncation_direction: 'Left', raw_scores: true });
    expect(windowed.body[0].score).toBeGreaterThanOrEqual(endLogit - 1e-4);
    expect(left.body[0].score).not.toBeCloseTo(right.body[0].score, 2);
  });

  it("answers TEI's 413 with error_type Validation for a body over the limit", async () => {
    const response = await fleet.post('/rerank', { query: QUERY, texts: ['x'.repeat(30_000)] });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      error: 'request body exceeds the limit of 20000 bytes (RERANK_BODY_LIMIT_BYTES)',
      error_type: 'Validation',
    });
  });

  it('scores every text with sigmoid scores in TEI shape', async () => {
    const response = await fleet.post('/rerank', { query: QUERY, texts: DOCUMENTS });
    const logits = (await direct.score(QUERY, DOCUMENTS)).logits;
    for (const rank of response.body) expect(rank.score).toBeCloseTo(sigmoid(logits[rank.index]), 4);
  });
});
