import { loadDirectScorer } from '../support/direct-scorer';
import { generateFixtureModel } from '@rerank/fixture-model';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'berlin people';
const DOCUMENTS = ['Berlin has 3.7 million inhabitants.', 'Paris is the capital of France.', 'The Spree flows through Berlin.'];

/** The logits of QUERY against DOCUMENTS from the model in `source`, scored in this process. */
async function scoreDirectly(source: string): Promise<number[]> {
  const scorer = await loadDirectScorer({ source });
  try {
    return (await scorer.score(QUERY, DOCUMENTS)).logits;
  } finally {
    await scorer.release();
  }
}

const logitsByIndex = (results: { index: number; logit: number }[]) =>
  [...results].sort((a, b) => a.index - b.index).map((result) => result.logit);

/**
 * One gateway routing to three models: "tiny" and "other" (a fixture with other weights) served
 * by one worker that hosts both, and "ghost", configured but served by nobody.
 */
describe('several models on one fleet', () => {
  let root: string;
  let otherDir: string;
  let fleet: TestFleet;
  let tinyScores: number[];
  let otherScores: number[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'models-e2e-'));
    otherDir = (await generateFixtureModel({ arch: 'tiny', outDir: join(root, 'other'), seed: 7 })).dir;
    fleet = await TestFleet.start({
      gatewayEnv: { RERANK_MODELS: 'tiny,other,ghost' },
      workerEnv: { RERANK_MODELS: `${TINY_FIXTURE_DIR},other=${otherDir}`, LOG_LEVEL: 'debug' },
    });
    tinyScores = await scoreDirectly(TINY_FIXTURE_DIR);
    otherScores = await scoreDirectly(otherDir);
  });

  afterAll(async () => {
    await fleet?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('routes a request to the queue of the model it names, and to the first model without one', async () => {
    const other = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, model: 'other' });
    expect(other.status).toBe(200);
    expect(other.body.model).toBe('other');
    logitsByIndex(other.body.results).forEach((logit, i) => expect(logit).toBeCloseTo(otherScores[i], 4));

    const byDefault = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS });
    expect(byDefault.body.model).toBe('tiny');
    logitsByIndex(byDefault.body.results).forEach((logit, i) => expect(logit).toBeCloseTo(tinyScores[i], 4));
    // Different weights, different scores: the two answers cannot both come from one model.
    expect(Math.max(...tinyScores.map((logit, i) => Math.abs(logit - otherScores[i])))).toBeGreaterThan(0.01);

    const [worker] = fleet.workers;
    const scoredModels = worker.output
      .split('\n')
      .filter((line) => line.includes('"scored"'))
      .map((line) => JSON.parse(line).message.model);
    expect(new Set(scoredModels)).toEqual(new Set(['tiny', 'other']));
  });

  it('answers 503 naming a configured model no worker serves, instead of waiting for the timeout', async () => {
    for (const path of ['/v1/rerank', '/v2/rerank']) {
      const response = await fleet.post(path, { query: QUERY, documents: DOCUMENTS, model: 'ghost' });
      expect(response.status).toBe(503);
      expect(response.body.message).toMatch(/^no worker serves model "ghost" \(none sent a heartbeat in the last 10 s\)/);
    }
  });

  it('answers 404 naming every available model for a model the gateway does not route to', async () => {
    const response = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, model: 'gpt-5' });
    expect(response.status).toBe(404);
    expect(response.body.message).toBe('model "gpt-5" is not served here; available models: tiny, other, ghost');
  });

  it('lists the models with their max length and live workers on GET /v1/models, as workers come', async () => {
    expect((await fleet.get('/v1/models')).body).toEqual({
      data: [
        { id: 'tiny', max_length: 512, workers: 1, kind: 'cross-encoder', dimensions: null },
        { id: 'other', max_length: 512, workers: 1, kind: 'cross-encoder', dimensions: null },
        { id: 'ghost', max_length: null, workers: 0, kind: null, dimensions: null },
      ],
    });
    await fleet.addWorker({ RERANK_MODELS: `other=${otherDir}` });
    const { body } = await fleet.get('/v1/models');
    expect(body.data.map((model: { id: string; workers: number }) => [model.id, model.workers])).toEqual([
      ['tiny', 1],
      ['other', 2],
      ['ghost', 0],
    ]);
  });

  it('reports every model on /health, degraded while one has no worker', async () => {
    const { status, body } = await fleet.get('/health');
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.models.ghost).toEqual({ workers: 0 });
    expect(body.models.tiny.workers).toBeGreaterThan(0);
  });
});
