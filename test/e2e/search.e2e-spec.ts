import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestFleet } from '../support/test-fleet';

interface Doc {
  id: string;
  title?: string;
  text: string;
}

// A small corpus with one clear BM25 winner per query, and filler so idf stays positive.
const CORPUS: Doc[] = [
  { id: 'berlin', title: 'Berlin', text: 'Berlin is the capital of Germany; about 3.7 million people live in Berlin.' },
  { id: 'paris', title: 'Paris', text: 'Paris is the capital of France and its largest city.' },
  { id: 'hamburg', text: 'Hamburg is a port city in the north of Germany with a large harbour.' },
  { id: 'munich', title: 'Munich', text: 'Munich hosts the Oktoberfest; many people visit in autumn.' },
  { id: 'rivers', text: 'The Spree flows through Berlin and the Seine through Paris.' },
  ...Array.from({ length: 10 }, (_, i) => ({ id: `filler-${i}`, text: `Filler note ${i} about gardening, weather and cooking.` })),
];
const QUERY = 'How many people live in Berlin?';
const passage = (doc: Doc) => (doc.title ? `${doc.title} ${doc.text}` : doc.text);
const ndjson = (lines: unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';

describe('collections and POST /v1/search against a real gateway, Redis and worker', () => {
  let fleet: TestFleet;
  let dataDir: string;

  const upload = (collection: string, body: string | unknown[], contentType = 'application/json') =>
    fleet.post(`/v1/collections/${collection}/documents`, body, { 'content-type': contentType });
  const remove = async (path: string) => {
    const response = await fetch(`${fleet.url}${path}`, { method: 'DELETE' });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'search-e2e-'));
    fleet = await TestFleet.start({
      env: {
        DATA_DIR: dataDir,
        COLLECTION_BATCH_DOCUMENTS: '3',
        COLLECTION_JSON_LIMIT_BYTES: '20000',
        SEARCH_MAX_CANDIDATES: '50',
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
      },
    });
    const array = await upload('cities', CORPUS.slice(0, 8));
    const stream = await upload('cities', ndjson(CORPUS.slice(8)), 'application/x-ndjson');
    expect([array.status, stream.status]).toEqual([200, 200]);
  });

  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a JSON array and an NDJSON stream, and replaces a re-sent id instead of duplicating it', async () => {
    expect(await fleet.get('/v1/collections/cities')).toEqual({ status: 200, body: { name: 'cities', documents: CORPUS.length } });
    const docs = [
      { id: 'x', text: 'first version about zeppelins' },
      { id: 'y', text: 'another' },
    ];
    expect((await upload('upserts', docs)).body).toEqual({ collection: 'upserts', upserted: 2, created: 2, replaced: 0, documents: 2 });
    const again = await upload(
      'upserts',
      ndjson([{ _id: 'x', title: 'Second', text: 'second version about airships' }]),
      'application/x-ndjson',
    );
    expect(again.body).toEqual({ collection: 'upserts', upserted: 1, created: 0, replaced: 1, documents: 2 });
    const old = await fleet.post('/v1/search', { collection: 'upserts', query: 'zeppelins', rerank: false });
    const current = await fleet.post('/v1/search', { collection: 'upserts', query: 'airships', rerank: false });
    expect(old.body.results).toEqual([]);
    expect(current.body.results).toEqual([
      { id: 'x', title: 'Second', text: 'second version about airships', bm25_score: expect.any(Number), rank: 1 },
    ]);
  });

  it('returns BM25 order with rerank false', async () => {
    const { status, body } = await fleet.post('/v1/search', { collection: 'cities', query: QUERY, top_k: 3, rerank: false });
    expect(status).toBe(200);
    expect(body.results.map((r: { id: string }) => r.id)).toEqual(['berlin', 'munich', 'rivers']);
    expect(body.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    const scores = body.results.map((r: { bm25_score: number }) => r.bm25_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[2]).toBeGreaterThan(0);
    expect(body.results[0]).toEqual({ ...CORPUS[0], bm25_score: scores[0], rank: 1 });
    expect(body.results[0].relevance_score).toBeUndefined();
    expect(body.timing).toEqual({ retrieval_ms: expect.any(Number), rerank_ms: 0, total_ms: expect.any(Number) });
  });

  it('reranks the BM25 candidates on the fleet, with the scores /v1/rerank gives the same texts', async () => {
    const query = 'Berlin Paris Germany capital';
    const candidates = await fleet.post('/v1/search', { collection: 'cities', query, top_k: 4, rerank: false });
    const bm25 = candidates.body.results as Doc[];
    expect(bm25.map((doc) => doc.id)).toEqual(['berlin', 'paris', 'rivers', 'hamburg']);
    const { status, body } = await fleet.post('/v1/search', { collection: 'cities', query, top_k: 3, candidates: 4 });
    expect(status).toBe(200);
    expect(body.model).toBe('tiny');
    const scores = body.results.map((r: { relevance_score: number }) => r.relevance_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(body.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);

    const direct = await fleet.post('/v1/rerank', { query, documents: bm25.map(passage) });
    const expected = direct.body.results.slice(0, 3);
    expect(body.results.map((r: { id: string }) => r.id)).toEqual(expected.map((r: { index: number }) => bm25[r.index].id));
    body.results.forEach((result: { relevance_score: number; bm25_score: number }, i: number) => {
      expect(Math.abs(result.relevance_score - expected[i].relevance_score)).toBeLessThan(1e-4);
    });
    expect(body.timing.rerank_ms).toBeGreaterThan(0);
  });

  it('reads FTS5 syntax in a query as plain words', async () => {
    for (const query of ['"Berlin', 'Berlin*', '-Paris', 'title:Berlin', '(Berlin OR', 'NEAR(Berlin Paris, 2)', 'AND', '"*"']) {
      const { status, body } = await fleet.post('/v1/search', { collection: 'cities', query, rerank: false });
      expect({ query, status }).toEqual({ query, status: 200 });
      expect(Array.isArray(body.results)).toBe(true);
    }
    const minus = await fleet.post('/v1/search', { collection: 'cities', query: '-Paris', top_k: 1, rerank: false });
    expect(minus.body.results[0].id).toBe('paris');
  });

  it('deletes a document', async () => {
    await upload('deletions', [
      { id: 'a', text: 'apple pie' },
      { id: 'b', text: 'apple tart' },
    ]);
    expect(await remove('/v1/collections/deletions/documents/a')).toEqual({
      status: 200,
      body: { collection: 'deletions', id: 'a', documents: 1 },
    });
    const after = await fleet.post('/v1/search', { collection: 'deletions', query: 'apple', rerank: false });
    expect(after.body.results.map((r: { id: string }) => r.id)).toEqual(['b']);
    const again = await remove('/v1/collections/deletions/documents/a');
    expect([again.status, again.body.message]).toEqual([404, 'document "a" is not in collection "deletions"']);
  });

  it('reports a bad NDJSON line by number; its batch is not written, earlier batches are', async () => {
    const lines = [1, 2, 3, 4].map((i) => ({ id: `n${i}`, text: `note number ${i}` }));
    const { status, body } = await upload('partial', ndjson([...lines, '{"id": "n5", "text": ']), 'application/x-ndjson');
    expect(status).toBe(400);
    expect(body.message).toBe('line 5: is not valid JSON; the 3 documents of lines 1-3 were written, nothing from line 4 on');
    expect((await fleet.get('/v1/collections/partial')).body).toEqual({ name: 'partial', documents: 3 });
    const n4 = await fleet.post('/v1/search', { collection: 'partial', query: '4', rerank: false });
    expect(n4.body.results).toEqual([]);
  });

  it.each([
    ['no collection', { query: 'q' }, 400, 'collection is required'],
    ['a bad collection name', { collection: 'a/b', query: 'q' }, 400, 'collection must be 1 to 64 letters, digits, "_" or "-"'],
    ['an empty query', { collection: 'cities', query: ' ' }, 400, 'query must not be empty'],
    ['a zero top_k', { collection: 'cities', query: 'q', top_k: 0 }, 400, 'top_k must be at least 1'],
    ['a fractional candidates', { collection: 'cities', query: 'q', candidates: 2.5 }, 400, 'candidates must be an integer'],
    ['a non-boolean rerank', { collection: 'cities', query: 'q', rerank: 'yes' }, 400, 'rerank must be a boolean'],
    [
      'too many candidates',
      { collection: 'cities', query: 'q', candidates: 51 },
      400,
      'candidates is 51; the limit is 50 (SEARCH_MAX_CANDIDATES)',
    ],
    [
      'top_k above candidates',
      { collection: 'cities', query: 'q', top_k: 20, candidates: 10 },
      400,
      'top_k (20) must not exceed candidates (10): only reranked candidates are returned',
    ],
    ['an unknown collection', { collection: 'nope', query: 'q', rerank: false }, 404, 'collection "nope" does not exist'],
    [
      'an unknown model',
      { collection: 'cities', query: 'q', model: 'gpt-5' },
      404,
      'model "gpt-5" is not served here; available models: tiny',
    ],
  ])('answers a search with %s with its status and message', async (_case, body, status, message) => {
    const response = await fleet.post('/v1/search', body);
    expect([response.status, response.body.message]).toEqual([status, message]);
    expect(response.body.requestId).toEqual(expect.any(String));
  });

  it.each([
    [
      'not an array',
      { id: 'a', text: 't' },
      400,
      'the request body must be a JSON array of documents { "id", "text", "title"?, "metadata"? }, or NDJSON with content-type application/x-ndjson',
    ],
    ['an empty array', [], 400, 'the upload holds no documents'],
    ['a document without text', [{ id: 'a', text: 't' }, { id: 'b' }], 400, 'documents[1]: "text" must be a string; nothing was written'],
    [
      'a body over the JSON limit',
      [{ id: 'a', text: 'x'.repeat(30_000) }],
      413,
      'a JSON document upload is limited to 20000 bytes (COLLECTION_JSON_LIMIT_BYTES); send larger uploads as NDJSON (content-type application/x-ndjson), which streams',
    ],
  ])('answers an upload of %s with its status and message, writing nothing', async (_case, body, status, message) => {
    const response = await upload('rejected', body as unknown[]);
    expect([response.status, response.body.message]).toEqual([status, message]);
    expect((await fleet.get('/v1/collections/rejected')).status).toBe(404);
  });

  it('answers 415 for another content type, 400 for a bad name in the path and 404 for an unknown collection', async () => {
    const text = await upload('rejected', 'id,text\n1,hello', 'text/csv');
    expect(text.status).toBe(415);
    const badName = await fleet.get('/v1/collections/bad.name');
    expect([badName.status, badName.body.message]).toEqual([400, 'collection name must be 1 to 64 letters, digits, "_" or "-"']);
    const unknown = await fleet.get('/v1/collections/unknown');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'collection "unknown" does not exist']);
    expect((await remove('/v1/collections/unknown/documents/a')).status).toBe(404);
  });

  it('streams an NDJSON upload larger than the JSON body limit', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, text: `streamed document ${i} ${'padding '.repeat(10)}` }));
    const body = ndjson(many);
    expect(body.length).toBeGreaterThan(20_000);
    const { status, body: summary } = await upload('streamed', body, 'application/x-ndjson');
    expect([status, summary.documents]).toEqual([200, 400]);
    expect((await remove('/v1/collections/streamed')).status).toBe(204);
    expect((await fleet.get('/v1/collections/streamed')).status).toBe(404);
  });

  it('creates collections with PUT: 201 then 200 for the same settings, 409 for others, and says bm25 is the default mode', async () => {
    const put = (name: string, body: unknown) =>
      fetch(`${fleet.url}/v1/collections/${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    expect(await put('made', {})).toEqual({ status: 201, body: { name: 'made', documents: 0 } });
    expect(await put('made', {})).toEqual({ status: 200, body: { name: 'made', documents: 0 } });
    const conflict = await put('made', { embedding_model: 'some-bi-encoder' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe(
      'collection "made" exists with no embedding model; embedding_model "some-bi-encoder" was asked for (drop the collection to change it)',
    );
    expect((await put('made', { embedding_model: 7 })).body.message).toBe('embedding_model must be a string');
    // A model the gateway does not route to cannot embed a collection: 404 naming the ones it does, and nothing is left behind.
    const unknown = await put('vectors', { embedding_model: 'some-bi-encoder' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/model "some-bi-encoder" is not served here; available models: tiny/);
    expect((await fleet.get('/v1/collections/vectors')).status).toBe(404);
    const search = await fleet.post('/v1/search', { collection: 'cities', query: 'Berlin', rerank: false, top_k: 1 });
    expect(search.body.retrieval).toBe('bm25');
  });

  it('answers 400 for dense search of a collection without vectors and for an unknown retrieval mode', async () => {
    const dense = await fleet.post('/v1/search', { collection: 'cities', query: 'Berlin', retrieval: 'dense', rerank: false });
    expect(dense.status).toBe(400);
    expect(dense.body.message).toBe(
      'retrieval "dense" needs a collection with an embedding model; collection "cities" has none (use "bm25")',
    );
    const unknown = await fleet.post('/v1/search', { collection: 'cities', query: 'Berlin', retrieval: 'semantic' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('retrieval must be one of bm25, dense, hybrid');
    const badK = await fleet.post('/v1/search', { collection: 'cities', query: 'Berlin', retrieval: 'bm25', rrf_k: -1 });
    expect(badK.body.message).toBe('rrf_k must be at least 0');
  });
});
