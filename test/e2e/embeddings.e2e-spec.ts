import OpenAI from 'openai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EMBEDDER, Embedder } from '@rerank/contracts';
import { loadGatewayConfig } from '@rerank/config';
import { assertRedisReachable, createRedisConnection } from '@rerank/queue';
import { AppModule } from '../../apps/gateway/src/app.module';
import { DirectEmbeddings } from '../support/direct-embeddings';
import { loadDirectScorer } from '../support/direct-scorer';
import { TINY_BI_ENCODER_FIXTURE_DIR, TINY_FIXTURE_DIR } from '../support/fixtures';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';

const TEXTS = [
  'Berlin has about 3.7 million registered inhabitants.',
  'Paris is the capital of France.',
  'The river Spree flows through the centre of Berlin.',
  'berlin',
  'Deep learning is a subset of machine learning that uses neural networks with many layers.',
  'A cross-encoder reads the query and the document together.',
  'Bi-encoders embed each text on its own, so document vectors can be computed ahead of time.',
  'Rome',
  'What is the population of Berlin?',
  'The fleet computes embeddings on the same workers that rerank.',
];
const LONG_TEXT = Array.from({ length: 400 }, (_, i) => ['alpha', 'beta', 'gamma', 'delta'][i % 4]).join(' ');
const TOLERANCE = 1e-5;

const norm = (vector: ArrayLike<number>) => Math.sqrt(Array.from(vector).reduce((sum, value) => sum + value * value, 0));
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (value, k) => Math.abs(value - b[k])));

/**
 * One gateway routing to a cross-encoder ("tiny") and a bi-encoder ("bi", the tiny-bi-encoder
 * fixture), and one worker serving both at once. Jobs hold 3 texts, so 10 texts are 4 jobs whose
 * vectors must come back in request order.
 */
describe('embeddings from the fleet', () => {
  let fleet: TestFleet;
  let direct: DirectEmbeddings;
  let expected: number[][];

  beforeAll(async () => {
    fleet = await TestFleet.start({
      gatewayEnv: { RERANK_MODELS: 'tiny,bi,ghost', RERANK_JOB_DOCUMENTS: '3', RERANK_JOB_MAX_DOCUMENTS: '3' },
      workerEnv: { RERANK_MODELS: `${TINY_FIXTURE_DIR},bi=${TINY_BI_ENCODER_FIXTURE_DIR}` },
    });
    direct = await DirectEmbeddings.load();
    expected = await Promise.all(TEXTS.map((text) => direct.embed(text)));
  });

  afterAll(async () => {
    await direct?.release();
    await fleet?.stop();
  });

  it('lists each model with its kind and a bi-encoder with its vector size on GET /v1/models', async () => {
    const { body } = await fleet.get('/v1/models');
    expect(body.data).toEqual([
      { id: 'tiny', kind: 'cross-encoder', max_length: 512, dimensions: null, workers: 1 },
      { id: 'bi', kind: 'bi-encoder', max_length: 256, dimensions: 32, workers: 1 },
      { id: 'ghost', kind: null, max_length: null, dimensions: null, workers: 0 },
    ]);
  });

  it('returns the direct computation of every text, in order, unit length, on POST /v1/embeddings', async () => {
    const { status, body } = await fleet.post('/v1/embeddings', { model: 'bi', input: TEXTS });
    expect(status).toBe(200);
    expect(body.object).toBe('list');
    expect(body.model).toBe('bi');
    expect(body.data.map((entry: { object: string; index: number }) => [entry.object, entry.index])).toEqual(
      TEXTS.map((_, i) => ['embedding', i]),
    );
    body.data.forEach(({ embedding }: { embedding: number[] }, i: number) => {
      expect(embedding).toHaveLength(32);
      expect(maxDifference(embedding, expected[i])).toBeLessThan(TOLERANCE);
      expect(norm(embedding)).toBeCloseTo(1, 5);
    });
    // Different texts give vectors far apart, so a text swapped between jobs would show.
    expect(maxDifference(expected[0], expected[1])).toBeGreaterThan(0.01);
    const tokens = TEXTS.reduce((sum, text) => sum + direct.tokenCount(text), 0);
    expect(body.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('serves rerank and embeddings from the one worker at the same time', async () => {
    const scorer = await loadDirectScorer();
    try {
      const documents = TEXTS.slice(0, 4);
      const [rerank, embeddings] = await Promise.all([
        fleet.post('/v1/rerank', { model: 'tiny', query: 'berlin', documents }),
        fleet.post('/v1/embeddings', { model: 'bi', input: TEXTS[4] }),
      ]);
      expect(rerank.status).toBe(200);
      const logits = (await scorer.score('berlin', documents)).logits;
      for (const result of rerank.body.results) expect(result.logit).toBeCloseTo(logits[result.index], 4);
      expect(embeddings.status).toBe(200);
      expect(maxDifference(embeddings.body.data[0].embedding, expected[4])).toBeLessThan(TOLERANCE);
    } finally {
      await scorer.release();
    }
  });

  it('round-trips through the openai SDK pointed at the gateway, base64 (its default) and float', async () => {
    const client = new OpenAI({ baseURL: `${fleet.url}/v1`, apiKey: 'not-checked-here', maxRetries: 0 });
    const base64 = await client.embeddings.create({ model: 'bi', input: TEXTS.slice(0, 5) });
    const float = await client.embeddings.create({ model: 'bi', input: TEXTS[5], encoding_format: 'float' });
    expect(base64.data.map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4]);
    base64.data.forEach((entry, i) => expect(maxDifference(entry.embedding, expected[i])).toBeLessThan(TOLERANCE));
    expect(maxDifference(float.data[0].embedding, expected[5])).toBeLessThan(TOLERANCE);
    expect(float.usage.prompt_tokens).toBe(direct.tokenCount(TEXTS[5]));

    const wrongKind = await client.embeddings.create({ model: 'tiny', input: 'x' }).catch((error: unknown) => error);
    expect(wrongKind).toBeInstanceOf(OpenAI.BadRequestError);
    expect((wrongKind as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/model "tiny" is a cross-encoder/);
  });

  it('refuses token ids, a different dimensions, an empty input and an unknown model with the field named', async () => {
    const tokens = await fleet.post('/v1/embeddings', { model: 'bi', input: [[101, 2054, 102]] });
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toMatchObject({ type: 'invalid_request_error', param: 'input' });
    expect(tokens.body.error.message).toMatch(/^input as token ids is not supported/);

    const dimensions = await fleet.post('/v1/embeddings', { model: 'bi', input: 'x', dimensions: 16 });
    expect(dimensions.status).toBe(400);
    expect(dimensions.body.error.message).toMatch(/^dimensions must be 32, the size of model "bi"'s vectors/);
    expect((await fleet.post('/v1/embeddings', { model: 'bi', input: 'x', dimensions: 32 })).status).toBe(200);

    const empty = await fleet.post('/v1/embeddings', { model: 'bi', input: ['a', ''] });
    expect([empty.status, empty.body.error.message]).toEqual([400, 'input[1] must not be empty']);

    const unknown = await fleet.post('/v1/embeddings', { model: 'nope', input: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/model "nope" is not served here/);
  });

  it('refuses to rerank with a bi-encoder, naming its kind, on every rerank route', async () => {
    const v1 = await fleet.post('/v1/rerank', { model: 'bi', query: 'q', documents: ['d'] });
    expect(v1.status).toBe(400);
    expect(v1.body.message).toMatch(/^model "bi" is a bi-encoder: it embeds texts, so use it with POST \/v1\/embeddings or POST \/embed/);
    // TEI's /rerank answers in TEI's shape, a refused request being a validation error (422).
    const tei = await fleet.post('/rerank', { model: 'bi', query: 'q', texts: ['d'] });
    expect([tei.status, tei.body.error, tei.body.error_type]).toEqual([422, v1.body.message, 'Validation']);
  });

  describe('POST /embed (TEI)', () => {
    it('answers a bare array of vectors for a string or an array, the first bi-encoder by default', async () => {
      const one = await fleet.post('/embed', { inputs: TEXTS[0] });
      expect(one.status).toBe(200);
      expect(one.body).toHaveLength(1);
      expect(maxDifference(one.body[0], expected[0])).toBeLessThan(TOLERANCE);

      const many = await fleet.post('/embed', { inputs: TEXTS, model: 'bi' });
      expect(many.body).toHaveLength(TEXTS.length);
      many.body.forEach((vector: number[], i: number) => expect(maxDifference(vector, expected[i])).toBeLessThan(TOLERANCE));
    });

    it('returns the mean-pooled vector unnormalised with normalize false', async () => {
      const { body } = await fleet.post('/embed', { inputs: [TEXTS[1]], normalize: false });
      expect(maxDifference(body[0], await direct.pooled(TEXTS[1]))).toBeLessThan(TOLERANCE);
      expect(Math.abs(norm(body[0]) - 1)).toBeGreaterThan(0.01);
    });

    it("refuses a text over the model's window with 413 unless truncate is true, and cuts the asked end", async () => {
      const refused = await fleet.post('/embed', { inputs: ['short', LONG_TEXT] });
      expect(refused.status).toBe(413);
      expect(refused.body).toEqual({
        error: expect.stringMatching(/^inputs\[1\] is longer than model "bi"'s window of 256 tokens/),
        error_type: 'validation',
      });
      const right = await fleet.post('/embed', { inputs: [LONG_TEXT], truncate: true });
      expect(right.status).toBe(200);
      expect(maxDifference(right.body[0], await direct.embed(LONG_TEXT, 256))).toBeLessThan(TOLERANCE);
      const left = await fleet.post('/embed', { inputs: [LONG_TEXT], truncate: true, truncation_direction: 'Left' });
      expect(maxDifference(left.body[0], right.body[0])).toBeGreaterThan(1e-4);
    });

    it("answers errors in TEI's shape and status codes", async () => {
      expect(await fleet.post('/embed', { inputs: [] })).toMatchObject({
        status: 400,
        body: { error: 'inputs must hold at least one text', error_type: 'empty' },
      });
      expect(await fleet.post('/embed', { inputs: 7 })).toMatchObject({
        status: 422,
        body: { error: 'inputs must be a string or an array of strings', error_type: 'validation' },
      });
      const wrongKind = await fleet.post('/embed', { inputs: 'x', model: 'tiny' });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body).toEqual({
        error: expect.stringMatching(/^model "tiny" is a cross-encoder: it scores/),
        error_type: 'validation',
      });
      expect(await fleet.post('/embed', { inputs: 'x', model: 'ghost' })).toMatchObject({ status: 503, body: { error_type: 'unhealthy' } });
    });
  });

  describe('the EMBEDDER a gateway provides to its first stage', () => {
    let app: INestApplicationContext;
    let embedder: Embedder;
    let dataDir: string;
    let redis: ReturnType<typeof createRedisConnection> | undefined;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'embedder-e2e-'));
      const config = loadGatewayConfig({
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: fleet.prefix,
        RERANK_MODELS: 'tiny,bi,ghost',
        DATA_DIR: dataDir,
      });
      // As the gateway's main does it: the producer connection queues nothing offline, so it is connected first.
      redis = createRedisConnection(config.redis, 'producer');
      await assertRedisReachable(redis, config.redis);
      app = await NestFactory.createApplicationContext(AppModule.forRoot(config, redis), { logger: false });
      await app.init();
      embedder = app.get<Embedder>(EMBEDDER);
    });

    afterAll(async () => {
      await app?.close();
      redis?.disconnect();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('returns the same vectors on the bulk lane (documents) and the interactive lane (queries)', async () => {
      const [documents, queries] = await Promise.all([
        embedder.embed('bi', TEXTS, { lane: 'bulk', requestId: 'ingest-1' }),
        embedder.embed('bi', TEXTS.slice(8), { lane: 'interactive', deadline: Date.now() + 10_000 }),
      ]);
      expect(documents).toHaveLength(TEXTS.length);
      documents.forEach((vector, i) => {
        expect(vector).toBeInstanceOf(Float32Array);
        expect(maxDifference(vector, expected[i])).toBeLessThan(TOLERANCE);
      });
      queries.forEach((vector, i) => expect(maxDifference(vector, expected[8 + i])).toBeLessThan(TOLERANCE));
    });

    it("reports a bi-encoder's dimensions, and none for a model no worker has described", async () => {
      await expect(embedder.dimensions('bi')).resolves.toBe(32);
      await expect(embedder.dimensions('ghost')).resolves.toBeUndefined();
    });

    it('throws for a model that is unknown, not served, or a cross-encoder, and for a deadline already spent', async () => {
      await expect(embedder.embed('nope', ['x'], { lane: 'interactive' })).rejects.toThrow(/model "nope" is not served here/);
      await expect(embedder.embed('ghost', ['x'], { lane: 'interactive' })).rejects.toThrow(/no worker serves model "ghost"/);
      await expect(embedder.embed('tiny', ['x'], { lane: 'bulk' })).rejects.toThrow(/model "tiny" is a cross-encoder/);
      await expect(embedder.embed('bi', ['x'], { lane: 'interactive', deadline: Date.now() - 1 })).rejects.toThrow(/deadline passed/);
    });
  });
});
