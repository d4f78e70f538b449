import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { makeDocuments } from '../support/documents';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'What is the capital of the United States?';
// The documents of Cohere's own rerank examples.
const DOCUMENTS = [
  'Carson City is the capital city of the American state of Nevada.',
  'The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.',
  'Washington, D.C. (also known as simply Washington or D.C., and officially as the District of Columbia) is the capital of the United States.',
  'Capital punishment has existed in the United States since before the United States was a country.',
];

type Ranked = { index: number };
const indices = (results: Ranked[]) => results.map((result) => result.index);
const isBestFirst = (scores: number[]) => scores.every((score, i) => i === 0 || scores[i - 1] >= score);

/**
 * The same fleet answers in the request and response shapes three rerank APIs document, so a
 * client written against one of them needs only a new base URL (and a model name the fleet
 * serves). Each test names the fields it pins.
 */
describe('rerank dialects: Cohere v1 / Jina, Cohere v2, Hugging Face TEI', () => {
  let fleet: TestFleet;
  let direct: CrossEncoderScorer;
  let logits: number[];
  let bestFirst: number[];

  beforeAll(async () => {
    fleet = await TestFleet.start({ env: { RERANK_MAX_CHUNKS_PER_DOC: '8', RERANK_MAX_DOCUMENTS: '20' } });
    direct = await loadDirectScorer();
    logits = (await direct.score(QUERY, DOCUMENTS)).logits;
    bestFirst = DOCUMENTS.map((_, index) => index).sort((a, b) => logits[b] - logits[a] || a - b);
  });

  afterAll(async () => {
    await direct?.release();
    await fleet?.stop();
  });

  // Cohere v1 (docs.cohere.com/v1/reference/rerank): documents as strings or { text }, top_n,
  // return_documents (default false), rank_fields, max_chunks_per_doc; answers id and
  // results[].{index, relevance_score, document?}. Jina (jina.ai/reranker, POST /v1/rerank): the
  // same request; answers model, usage.total_tokens and results[].{index, relevance_score, document.text}.
  describe('POST /v1/rerank', () => {
    it('answers a Cohere v1 request (model, query, documents, top_n, return_documents, rank_fields, max_chunks_per_doc) with id and results[].{index, relevance_score, document.text}', async () => {
      const { status, body } = await fleet.post('/v1/rerank', {
        model: 'tiny',
        query: QUERY,
        documents: DOCUMENTS,
        top_n: 3,
        return_documents: true,
        rank_fields: ['text'],
        max_chunks_per_doc: 4,
      });
      expect(status).toBe(200);
      expect(body.id).toEqual(expect.any(String));
      expect(indices(body.results)).toEqual(bestFirst.slice(0, 3));
      for (const result of body.results) {
        expect(result.relevance_score).toBeCloseTo(sigmoid(logits[result.index]), 5);
        expect(result.document).toEqual({ text: DOCUMENTS[result.index] });
      }
    });

    it('answers a Jina request ({ text } documents, return_documents) with model, usage.total_tokens and results[].document.text', async () => {
      const documents = DOCUMENTS.map((text) => ({ text }));
      const { status, body } = await fleet.post('/v1/rerank', { model: 'tiny', query: QUERY, documents, top_n: 2, return_documents: true });
      expect(status).toBe(200);
      expect(body.model).toBe('tiny');
      expect(body.usage.total_tokens).toBe((await direct.score(QUERY, DOCUMENTS)).realTokens);
      expect(body.results.map((result: { document: { text: string } }) => result.document.text)).toEqual(
        bestFirst.slice(0, 2).map((index) => DOCUMENTS[index]),
      );
    });

    it('returns the ids and metadata sent with documents, and the logit as relevance_score with score_mode raw', async () => {
      const documents = DOCUMENTS.map((text, i) => ({ text, id: `doc-${i}`, metadata: { source: 'wiki', page: i } }));
      const { body } = await fleet.post('/v1/rerank', { query: QUERY, documents, score_mode: 'raw' });
      for (const result of body.results) {
        expect(result.id).toBe(`doc-${result.index}`);
        expect(result.metadata).toEqual({ source: 'wiki', page: result.index });
        expect(result.relevance_score).toBe(result.logit);
        expect(result.logit).toBeCloseTo(logits[result.index], 4);
        expect(result.document).toBeUndefined();
      }
    });
  });

  // Cohere v2 (docs.cohere.com/reference/rerank): model, query, documents (strings), top_n,
  // max_tokens_per_doc (default 4096), no return_documents; answers id, results[].{index,
  // relevance_score} and meta.api_version.version "2".
  describe('POST /v2/rerank', () => {
    it('answers a Cohere v2 request (model, query, string documents, top_n, max_tokens_per_doc) with id, results[].{index, relevance_score} and meta.api_version', async () => {
      const { status, body } = await fleet.post('/v2/rerank', {
        model: 'tiny',
        query: QUERY,
        documents: DOCUMENTS,
        top_n: 3,
        max_tokens_per_doc: 4096,
      });
      expect(status).toBe(200);
      expect(body.id).toEqual(expect.any(String));
      expect(body.meta.api_version).toEqual({ version: '2' });
      expect(body.meta.tokens.input_tokens).toBeGreaterThan(0);
      expect(body.results).toHaveLength(3);
      body.results.forEach((result: Ranked & { relevance_score: number }, i: number) => {
        // Without return_documents (which cohere-ai 7.x still sends, and is honoured) results carry only index and score.
        expect(result).toEqual({ index: bestFirst[i], relevance_score: expect.closeTo(sigmoid(logits[bestFirst[i]]), 5) });
      });
    });

    it('returns ids and metadata sent with documents, and logits with score_mode raw', async () => {
      const documents = DOCUMENTS.map((text, i) => ({ text, id: i, metadata: { lang: 'en' } }));
      const { body } = await fleet.post('/v2/rerank', { query: QUERY, documents, score_mode: 'raw' });
      for (const result of body.results) {
        expect(result.id).toBe(result.index);
        expect(result.metadata).toEqual({ lang: 'en' });
        expect(result.relevance_score).toBeCloseTo(logits[result.index], 4);
      }
    });

    it('reads only the first max_tokens_per_doc tokens of a document', async () => {
      const { body } = await fleet.post('/v2/rerank', { query: QUERY, documents: DOCUMENTS, max_tokens_per_doc: 3, score_mode: 'raw' });
      const cut = await direct.score(QUERY, DOCUMENTS, { maxDocumentTokens: 3 });
      for (const result of body.results) expect(result.relevance_score).toBeCloseTo(cut.logits[result.index], 4);
    });
  });

  // TEI (text-embeddings-inference, router/src/http/types.rs: RerankRequest, Rank): query, texts,
  // raw_scores, return_text, truncate (all false by default); answers a bare array of
  // { index, score, text? } sorted by score, best first, sigmoid unless raw_scores.
  describe('POST /rerank (TEI)', () => {
    it('answers { query, texts } with a bare array of { index, score }, every text, best first, scores sigmoid(logit)', async () => {
      const { status, body } = await fleet.post('/rerank', { query: QUERY, texts: DOCUMENTS });
      expect(status).toBe(200);
      expect(Array.isArray(body)).toBe(true);
      expect(indices(body)).toEqual(bestFirst);
      body.forEach((rank: Ranked & { score: number }) => {
        expect(rank).toEqual({ index: rank.index, score: expect.closeTo(sigmoid(logits[rank.index]), 5) });
      });
      expect(isBestFirst(body.map((rank: { score: number }) => rank.score))).toBe(true);
    });

    it('returns logits with raw_scores and each text with return_text', async () => {
      const { body } = await fleet.post('/rerank', {
        query: QUERY,
        texts: DOCUMENTS,
        raw_scores: true,
        return_text: true,
        truncate: false,
      });
      for (const rank of body) {
        expect(rank.score).toBeCloseTo(logits[rank.index], 4);
        expect(rank.text).toBe(DOCUMENTS[rank.index]);
      }
    });
  });

  it.each([
    [
      '/v1/rerank',
      'an unknown aggregation',
      { query: 'q', documents: ['a'], aggregation: 'median' },
      'aggregation must be one of max, first, mean',
    ],
    [
      '/v1/rerank',
      'max_chunks_per_doc below 1',
      { query: 'q', documents: ['a'], max_chunks_per_doc: 0 },
      'max_chunks_per_doc must be at least 1',
    ],
    [
      '/v1/rerank',
      'a fractional max_chunks_per_doc',
      { query: 'q', documents: ['a'], max_chunks_per_doc: 2.5 },
      'max_chunks_per_doc must be an integer',
    ],
    ['/v1/rerank', 'a negative stride', { query: 'q', documents: ['a'], stride: -1 }, 'stride must be at least 0'],
    ['/v1/rerank', 'a stride over 256', { query: 'q', documents: ['a'], stride: 257 }, 'stride must be at most 256'],
    [
      '/v1/rerank',
      'mean_top_k without mean',
      { query: 'q', documents: ['a'], mean_top_k: 2 },
      'mean_top_k applies only to aggregation "mean" (got "max")',
    ],
    [
      '/v1/rerank',
      'mean_top_k over max_chunks_per_doc',
      { query: 'q', documents: ['a'], aggregation: 'mean', mean_top_k: 9, max_chunks_per_doc: 4 },
      'mean_top_k (9) must not exceed max_chunks_per_doc (4)',
    ],
    [
      '/v1/rerank',
      'an unknown score_mode',
      { query: 'q', documents: ['a'], score_mode: 'softmax' },
      'score_mode must be one of sigmoid, raw',
    ],
    ['/v1/rerank', 'a non-boolean truncate', { query: 'q', documents: ['a'], truncate: 'yes' }, 'truncate must be a boolean'],
    [
      '/v1/rerank',
      'metadata that is not an object',
      { query: 'q', documents: [{ text: 'a', metadata: 'x' }] },
      'documents[0].metadata must be an object',
    ],
    [
      '/v2/rerank',
      'max_tokens_per_doc below 1',
      { query: 'q', documents: ['a'], max_tokens_per_doc: 0 },
      'max_tokens_per_doc must be at least 1',
    ],
    ['/v2/rerank', 'no documents', { query: 'q', documents: [] }, 'documents must contain at least one document'],
  ])('answers %s with 400 naming the field for %s', async (path, _case, body, message) => {
    const response = await fleet.post(path, body);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(message);
  });

  // TEI answers { error, error_type }: 422 Validation, 400 Empty (router/src/http/server.rs).
  it.each([
    ['missing texts', { query: 'q' }, 422, 'Validation', 'texts must be an array of strings'],
    ['no texts', { query: 'q', texts: [] }, 400, 'Empty', 'texts must contain at least one text'],
    ['a non-string text', { query: 'q', texts: ['a', 3] }, 422, 'Validation', 'texts[1] must be a string'],
    ['a missing query', { texts: ['a'] }, 422, 'Validation', 'query is required'],
    ['a non-boolean raw_scores', { query: 'q', texts: ['a'], raw_scores: 'yes' }, 422, 'Validation', 'raw_scores must be a boolean'],
    [
      'an unknown truncation_direction',
      { query: 'q', texts: ['a'], truncation_direction: 'up' },
      422,
      'Validation',
      'truncation_direction must be "Left" or "Right"',
    ],
    [
      'more texts than RERANK_MAX_DOCUMENTS',
      { query: 'q', texts: makeDocuments(21) },
      422,
      'Validation',
      'texts has 21 entries; the limit is 20 (RERANK_MAX_DOCUMENTS)',
    ],
  ])("answers TEI's /rerank in TEI's error shape for %s", async (_case, body, status, errorType, message) => {
    const response = await fleet.post('/rerank', body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: message, error_type: errorType });
  });
});
