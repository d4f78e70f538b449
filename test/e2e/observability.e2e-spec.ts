import { createServer, Server } from 'node:net';
import { freePort } from '../../tools/fleet/fleet-housekeeping';
import { FleetProcess } from '../../tools/fleet/fleet-process';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TEST_REDIS_URL } from '../support/redis';
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
    expect(metrics).toContain('rerank_queue_jobs{model="tiny",lane="interactive",state="waiting"} 0');
    expect(metrics).toContain('rerank_queue_jobs{model="tiny",lane="bulk",state="waiting"} 0');
    const real = Number(/rerank_tokens_total\{model="tiny",kind="real"\} (\d+)/.exec(metrics)?.[1]);
    const padded = Number(/rerank_tokens_total\{model="tiny",kind="padded"\} (\d+)/.exec(metrics)?.[1]);
    expect(real).toBeGreaterThan(0);
    expect(padded).toBeGreaterThan(real);
    expect(metrics).toMatch(/rerank_http_request_duration_seconds_count\{method="POST",route="\/v1\/rerank",status="200"\} 1/);
  });

  it('describes every route with its errors in the OpenAPI document behind /docs', async () => {
    const { status, body } = await fleet.get('/docs-json');
    expect(status).toBe(200);
    for (const path of ['/v1/rerank', '/v2/rerank', '/rerank', '/v1/search', '/v1/jobs', '/v1/jobs/{id}/results'])
      expect(body.paths).toHaveProperty([path]);
    const rerank = body.paths['/v1/rerank'].post;
    expect(Object.keys(rerank.responses).sort()).toEqual(['200', '400', '401', '404', '413', '415', '429', '502', '503', '504']);
    expect(rerank.responses['429'].headers).toHaveProperty(['Retry-After']);
    expect(rerank.requestBody.content['application/json'].schema.$ref).toMatch(/RerankV1RequestDto$/);
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

/** The value of one sample line of a Prometheus exposition; NaN when the series is absent. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

describe('worker metrics endpoint', () => {
  let fleet: TestFleet;
  let metricsUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    fleet = await TestFleet.start({ workerEnv: { WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1' } });
  });

  afterAll(async () => fleet?.stop());

  it('returns the ONNX runs of a request by model and lane: rows, padding, inference time, pairs and tokens', async () => {
    const documents = ['a b c', 'd e f g h i j k', 'l', 'the quick brown fox jumps over the lazy dog'];
    expect((await fleet.post('/v1/rerank', { query: 'berlin', documents })).status).toBe(200);
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = await response.text();
    const labels = 'model="tiny",lane="interactive"';

    expect(sample(metrics, `rerank_worker_batch_rows_count{${labels}}`)).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, `rerank_worker_batch_rows_sum{${labels}}`)).toBe(documents.length);
    expect(sample(metrics, `rerank_worker_pairs_scored_total{${labels}}`)).toBe(documents.length);
    expect(sample(metrics, `rerank_worker_inference_seconds_sum{${labels}}`)).toBeGreaterThan(0);
    const real = sample(metrics, `rerank_worker_tokens_total{${labels},kind="real"}`);
    const padded = sample(metrics, `rerank_worker_tokens_total{${labels},kind="padded"}`);
    expect(real).toBeGreaterThan(0);
    expect(padded).toBeGreaterThan(real);
    expect(sample(metrics, `rerank_worker_batch_padding_ratio_sum{${labels}}`)).toBeGreaterThan(1);
    expect(sample(metrics, 'rerank_worker_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics).not.toContain('lane="bulk"');
  });

  it('answers 404 outside GET /metrics, and stops listening when the worker stops', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/health'))).status).toBe(404);
    expect(await fleet.workers[0].stop('SIGTERM')).toBe(0);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});

describe('worker metrics port in use', () => {
  let blocker: Server;
  let port: number;

  beforeAll(async () => {
    blocker = createServer();
    port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
  });

  afterAll(async () => new Promise((resolve) => blocker.close(resolve)));

  it('stops the worker at start-up with one line naming WORKER_METRICS_PORT', async () => {
    const worker = FleetProcess.start('worker', {
      env: {
        ...process.env,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: `test-${port}-metrics-port`,
        RERANK_MODEL: TINY_FIXTURE_DIR,
        WORKER_METRICS_PORT: String(port),
        WORKER_METRICS_HOST: '127.0.0.1',
      },
    });
    expect(await worker.exited).toBe(1);
    expect(worker.output).toMatch(
      new RegExp(`^worker failed to start: WORKER_METRICS_PORT ${port} is already in use on 127\\.0\\.0\\.1`, 'm'),
    );
  });
});
