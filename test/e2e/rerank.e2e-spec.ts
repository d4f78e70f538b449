import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { makeDocuments } from '../support/documents';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'How many people live in Berlin?';

describe('POST /v1/rerank against a real gateway, Redis and worker', () => {
  let fleet: TestFleet;
  let direct: CrossEncoderScorer;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: {
        RERANK_JOB_DOCUMENTS: '8',
        RERANK_JOB_MAX_DOCUMENTS: '8',
        RERANK_MAX_DOCUMENTS: '60',
        RERANK_BODY_LIMIT_BYTES: '20000',
        RERANK_MAX_QUERY_CHARS: '100',
        RERANK_MAX_DOCUMENT_CHARS: '1000',
      },
    });
    direct = await loadDirectScorer();
  });

  afterAll(async () => {
    await direct?.release();
    await fleet?.stop();
  });

  it('returns every index exactly once, best first, with the scores of scoring each pair alone', async () => {
    const documents = makeDocuments(50);
    const { status, body } = await fleet.post('/v1/rerank', { query: QUERY, documents });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(50);
    expect(body.results.map((r: { index: number }) => r.index).sort((a: number, b: number) => a - b)).toEqual(documents.map((_, i) => i));
    const scores = body.results.map((r: { relevance_score: number }) => r.relevance_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // batch limits of one token force one ONNX run per pair: no padding at all.
    const alone = await direct.score(QUERY, documents);
    for (const result of body.results) {
      expect(result.logit).toBeCloseTo(alone.logits[result.index], 4);
      expect(result.relevance_score).toBeCloseTo(sigmoid(alone.logits[result.index]), 6);
    }
    expect(body.usage).toEqual({ documents: 50, total_tokens: alone.realTokens, cached_tokens: 0 });
    expect(body.model).toBe('tiny');
  });

  it('returns only the best top_n, with documents and ids when asked', async () => {
    const texts = makeDocuments(10, 7);
    const documents = texts.map((text, i) => (i % 2 === 0 ? { text, id: `doc-${i}` } : text));
    const full = await fleet.post('/v1/rerank', { query: QUERY, documents });
    const top = await fleet.post('/v1/rerank', { query: QUERY, documents, top_n: 3, return_documents: true });
    expect(top.status).toBe(200);
    expect(top.body.results.map((r: { index: number }) => r.index)).toEqual(
      full.body.results.slice(0, 3).map((r: { index: number }) => r.index),
    );
    for (const result of top.body.results) {
      const sent = documents[result.index];
      expect(result.document).toEqual(typeof sent === 'string' ? { text: sent } : sent);
      if (typeof sent !== 'string') expect(result.id).toBe(sent.id);
    }
    expect(full.body.results[0].document).toBeUndefined();
  });

  it('ignores unknown fields and clamps top_n to the number of documents', async () => {
    const { status, body } = await fleet.post('/v1/rerank', { query: QUERY, documents: ['a', 'b'], top_n: 9, rank_fields: ['x'] });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(2);
  });

  it.each([
    ['a missing query', { documents: ['a'] }, 400, 'query is required'],
    ['a non-string query', { query: 5, documents: ['a'] }, 400, 'query must be a string'],
    ['an empty query', { query: '', documents: ['a'] }, 400, 'query must not be empty'],
    ['a blank query', { query: '   ', documents: ['a'] }, 400, 'query must not be empty'],
    ['no documents', { query: 'q', documents: [] }, 400, 'documents must contain at least one document'],
    ['missing documents', { query: 'q' }, 400, 'documents must be an array of strings or { text } objects'],
    ['a non-string document', { query: 'q', documents: ['a', 42] }, 400, 'documents[1] must be a string or an object'],
    [
      'a document object without text',
      { query: 'q', documents: [{ id: 1 }] },
      400,
      'documents[0].text must be a string (or name the fields to rank on in rank_fields)',
    ],
    ['top_n below 1', { query: 'q', documents: ['a'], top_n: 0 }, 400, 'top_n must be at least 1'],
    ['a fractional top_n', { query: 'q', documents: ['a'], top_n: 1.5 }, 400, 'top_n must be an integer'],
    [
      'more documents than the limit',
      { query: 'q', documents: makeDocuments(61) },
      400,
      'documents has 61 entries; the limit is 60 (RERANK_MAX_DOCUMENTS)',
    ],
    [
      'a query over the character limit',
      { query: 'q'.repeat(101), documents: ['a'] },
      400,
      'query has 101 characters; the limit is 100 (RERANK_MAX_QUERY_CHARS)',
    ],
    [
      'a document over the character limit',
      { query: 'q', documents: ['a', { text: 'd'.repeat(1001) }] },
      400,
      'documents[1] has 1001 characters; the limit is 1000 (RERANK_MAX_DOCUMENT_CHARS)',
    ],
    ['an unknown model', { query: 'q', documents: ['a'], model: 'gpt-5' }, 404, 'model "gpt-5" is not served here; available models: tiny'],
  ])('answers %s with its status and a message naming the field', async (_case, body, status, message) => {
    const response = await fleet.post('/v1/rerank', body);
    expect(response.status).toBe(status);
    expect(response.body.message).toBe(message);
    expect(response.body.requestId).toEqual(expect.any(String));
  });

  it('answers 413 for a body over the size limit and 400 for broken JSON', async () => {
    const huge = await fleet.post('/v1/rerank', { query: 'q', documents: ['x'.repeat(30_000)] });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toBe('request body exceeds the limit of 20000 bytes (RERANK_BODY_LIMIT_BYTES)');
    const broken = await fleet.post('/v1/rerank', '{"query": "q", "documents": [');
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe('request body is not valid JSON');
  });

  it("echoes the caller's request id", async () => {
    const { headers, status } = await fleet.post('/v1/rerank', { query: 'q', documents: ['a'] }, { 'x-request-id': 'trace-123' });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe('trace-123');
  });

  it('reports Redis and a live worker on /health', async () => {
    const { status, body } = await fleet.get('/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', redis: 'up', models: { tiny: { workers: 1 } } });
  });
});
