import { TestFleet } from '../support/test-fleet';

async function scrape(fleet: TestFleet): Promise<string> {
  const response = await fetch(`${fleet.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe('metrics and health probes', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start();
  });

  afterAll(async () => fleet?.stop());

  it('counts requests by route and status, pairs and tokens by model, and live workers', async () => {
    await fleet.post('/v1/rerank', { query: 'berlin', documents: ['a b c', 'd e f g h i j k', 'l'] });
    await fleet.post('/v1/rerank', { query: '' });
    const metrics = await scrape(fleet);
    expect(metrics).toContain('rerank_http_requests_total{method="POST",route="/v1/rerank",status="200"} 1');
    expect(metrics).toContain('rerank_http_requests_total{method="POST",route="/v1/rerank",status="400"} 1');
    expect(metrics).toContain('rerank_pairs_scored_total{model="tiny"} 3');
    expect(metrics).toContain('rerank_workers{model="tiny"} 1');
    expect(metrics).toMatch(/rerank_queue_jobs\{model="tiny",state="waiting"\} 0/);
    const real = Number(/rerank_tokens_total\{model="tiny",kind="real"\} (\d+)/.exec(metrics)?.[1]);
    const padded = Number(/rerank_tokens_total\{model="tiny",kind="padded"\} (\d+)/.exec(metrics)?.[1]);
    expect(real).toBeGreaterThan(0);
    expect(padded).toBeGreaterThan(real);
    expect(metrics).toMatch(/rerank_http_request_duration_seconds_count\{method="POST",route="\/v1\/rerank",status="200"\} 1/);
  });

  it('answers live always, and ready only while a worker serves the default model', async () => {
    expect((await fleet.get('/health/live')).status).toBe(200);
    expect(await fleet.get('/health/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    // SIGTERM: the worker leaves the registry on its way out, so readiness drops at once.
    await fleet.workers[0].stop('SIGTERM');
    expect(await fleet.get('/health/ready')).toEqual({
      status: 503,
      body: { status: 'not ready', reason: 'no live worker serves "tiny"' },
    });
    expect((await fleet.get('/health/live')).status).toBe(200);
  });
});
