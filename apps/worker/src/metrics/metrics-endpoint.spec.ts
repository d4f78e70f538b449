import { createServer, Server } from 'node:net';
import { Lane } from '@rerank/contracts';
import { MetricsEndpoint } from './metrics-endpoint';
import { WorkerMetrics } from './worker-metrics';

describe('MetricsEndpoint', () => {
  let endpoint: MetricsEndpoint | undefined;
  let blocker: Server | undefined;

  afterEach(async () => {
    await endpoint?.close();
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    endpoint = blocker = undefined;
  });

  it("returns the worker's metrics in Prometheus text format on GET /metrics", async () => {
    const metrics = new WorkerMetrics();
    metrics.recordRun('tiny', { lane: Lane.Interactive, rows: 4, realTokens: 8, paddedTokens: 8, seconds: 0.01 });
    endpoint = await MetricsEndpoint.listen(metrics, 0, '127.0.0.1');

    const response = await fetch(`http://127.0.0.1:${endpoint.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await response.text()).toContain('rerank_worker_pairs_scored_total{model="tiny",lane="interactive"} 4');
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}/metrics`);
  });

  it('answers 404 for any other path or method', async () => {
    endpoint = await MetricsEndpoint.listen(new WorkerMetrics(), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${endpoint.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/x`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST', body: '' })).status).toBe(404);
    expect((await fetch(`${base}/metrics?name=x`)).status).toBe(200);
  });

  it('rejects with a line naming WORKER_METRICS_PORT when the port is taken', async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) => {
      (blocker as Server).listen(0, '127.0.0.1', () => resolve(((blocker as Server).address() as { port: number }).port));
    });
    await expect(MetricsEndpoint.listen(new WorkerMetrics(), port, '127.0.0.1')).rejects.toThrow(
      new RegExp(`^WORKER_METRICS_PORT ${port} is already in use on 127.0.0.1`),
    );
  });

  it('closes while a scraper holds an idle keep-alive connection', async () => {
    endpoint = await MetricsEndpoint.listen(new WorkerMetrics(), 0, '127.0.0.1');
    const { port } = endpoint;
    await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { connection: 'keep-alive' } })).text();
    const started = Date.now();
    await endpoint.close();
    endpoint = undefined;
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
