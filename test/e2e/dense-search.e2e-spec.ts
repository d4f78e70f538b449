import { TINY_BI_ENCODER_FIXTURE_DIR, TINY_FIXTURE_DIR } from '../support/fixtures';
import { TestFleet } from '../support/test-fleet';

const DOCUMENTS = [
  { id: 'berlin', text: 'Berlin has about 3.7 million registered inhabitants.' },
  { id: 'paris', text: 'Paris is the capital of France.' },
  { id: 'spree', text: 'The river Spree flows through the centre of Berlin.' },
  { id: 'dl', text: 'Deep learning uses neural networks with many layers.' },
  { id: 'rome', text: 'Rome was not built in a day.' },
  { id: 'fleet', text: 'The fleet computes embeddings on the same workers that rerank.' },
];

/**
 * Dense and hybrid first stage with vectors computed by the fleet: one gateway routing to a
 * cross-encoder ("tiny") and a bi-encoder ("bi"), one worker serving both. The fixture weights are
 * random, so what is asserted is what holds for any encoder: a text's own vector is its nearest
 * neighbour (cosine 1), fusion credits a document each stage found, and results say which did.
 */
describe('dense and hybrid search over vectors the fleet computes', () => {
  let fleet: TestFleet;
  const put = (name: string, body: unknown) =>
    fetch(`${fleet.url}/v1/collections/${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

  beforeAll(async () => {
    fleet = await TestFleet.start({
      gatewayEnv: { RERANK_MODELS: 'tiny,bi' },
      workerEnv: { RERANK_MODELS: `${TINY_FIXTURE_DIR},bi=${TINY_BI_ENCODER_FIXTURE_DIR}` },
    });
    const created = await put('docs', { embedding_model: 'bi' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'docs', documents: 0, embedding_model: 'bi' });
    const upload = await fleet.post('/v1/collections/docs/documents', DOCUMENTS);
    expect([upload.status, upload.body.documents]).toEqual([200, DOCUMENTS.length]);
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('finds a document by its own text first in dense mode, with cosine 1, found by the dense stage', async () => {
    for (const document of DOCUMENTS) {
      const { status, body } = await fleet.post('/v1/search', {
        collection: 'docs',
        query: document.text,
        retrieval: 'dense',
        rerank: false,
        top_k: 3,
      });
      expect(status).toBe(200);
      expect(body.retrieval).toBe('dense');
      expect(body.results).toHaveLength(3);
      expect(body.results[0].id).toBe(document.id);
      expect(body.results[0].dense_score).toBeCloseTo(1, 4);
      expect(body.results[0].found_by).toEqual(['dense']);
      const scores = body.results.map((result: any) => result.dense_score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('defaults to hybrid for a collection with vectors, fusing both stages by reciprocal rank', async () => {
    const { status, body } = await fleet.post('/v1/search', {
      collection: 'docs',
      query: 'Paris is the capital of France.',
      rerank: false,
      top_k: 6,
    });
    expect(status).toBe(200);
    expect(body.retrieval).toBe('hybrid');
    const paris = body.results[0];
    // First in both stages: 1/(60+1) twice.
    expect(paris.id).toBe('paris');
    expect(paris.found_by).toEqual(['bm25', 'dense']);
    expect(paris.fusion_score).toBeCloseTo(2 / 61, 6);
    for (const result of body.results) {
      expect(result.found_by.length).toBeGreaterThan(0);
      expect(result.bm25_score !== undefined).toBe(result.found_by.includes('bm25'));
      expect(result.dense_score !== undefined).toBe(result.found_by.includes('dense'));
    }
    const fused = body.results.map((result: any) => result.fusion_score);
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
  });

  it('reranks hybrid candidates with the cross-encoder and returns them best first', async () => {
    const { status, body } = await fleet.post('/v1/search', {
      collection: 'docs',
      query: 'How many people live in Berlin?',
      top_k: 4,
      candidates: 6,
    });
    expect(status).toBe(200);
    expect([body.retrieval, body.model, body.partial]).toEqual(['hybrid', 'tiny', false]);
    expect(body.results).toHaveLength(4);
    const relevance = body.results.map((result: any) => result.relevance_score);
    expect(relevance.every((score: unknown) => typeof score === 'number')).toBe(true);
    expect(relevance).toEqual([...relevance].sort((a, b) => b - a));
  });

  it('embeds documents uploaded later, replaces by id, and forgets deleted ones in dense mode', async () => {
    const added = await fleet.post('/v1/collections/docs/documents', [
      { id: 'paris', text: 'Lyon is a city in France.' },
      { id: 'oslo', text: 'Oslo is the capital of Norway.' },
    ]);
    expect([added.body.created, added.body.replaced]).toEqual([1, 1]);
    const oslo = await fleet.post('/v1/search', {
      collection: 'docs',
      query: 'Oslo is the capital of Norway.',
      retrieval: 'dense',
      rerank: false,
      top_k: 1,
    });
    expect(oslo.body.results[0].id).toBe('oslo');
    const lyon = await fleet.post('/v1/search', {
      collection: 'docs',
      query: 'Lyon is a city in France.',
      retrieval: 'dense',
      rerank: false,
      top_k: 1,
    });
    expect([lyon.body.results[0].id, lyon.body.results[0].text]).toEqual(['paris', 'Lyon is a city in France.']);
    const removed = await fetch(`${fleet.url}/v1/collections/docs/documents/oslo`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    const after = await fleet.post('/v1/search', {
      collection: 'docs',
      query: 'Oslo is the capital of Norway.',
      retrieval: 'dense',
      rerank: false,
      top_k: 10,
    });
    expect(after.body.results.map((result: any) => result.id)).not.toContain('oslo');
  });

  it('refuses a cross-encoder as a collection’s embedding model, naming its kind', async () => {
    const refused = await put('wrong-kind', { embedding_model: 'tiny' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^model "tiny" is a cross-encoder/);
    expect((await fleet.get('/v1/collections/wrong-kind')).status).toBe(404);
  });
});
