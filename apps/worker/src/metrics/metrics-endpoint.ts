import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { OnApplicationShutdown } from '@nestjs/common';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's Prometheus endpoint: `GET /metrics` on a bare node:http server (a worker has no
 * Nest HTTP app, and needs none for one route), 404 for anything else. Closed on shutdown.
 */
export class MetricsEndpoint implements OnApplicationShutdown {
  private constructor(
    readonly metrics: WorkerMetrics,
    private readonly server: Server,
    readonly host: string,
    /** The port it listens on (the one picked when asked for 0). */
    readonly port: number,
  ) {}

  /** Where the endpoint answers, e.g. http://0.0.0.0:9464/metrics. */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/metrics`;
  }

  /**
   * Listens on `host:port` (port 0: any free one). Rejects with a line naming WORKER_METRICS_PORT
   * when the port is taken, so the worker stops at start-up instead of serving unobserved.
   */
  static async listen(metrics: WorkerMetrics, port: number, host: string): Promise<MetricsEndpoint> {
    const server = createServer((request, response) => void answer(metrics, request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return new MetricsEndpoint(metrics, server, host, typeof address === 'object' && address ? address.port : port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      // close() waits for open connections; a scraper's idle keep-alive one must not hold the stop.
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

async function answer(metrics: WorkerMetrics, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (request.method !== 'GET' || path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: this endpoint serves GET /metrics only\n');
    return;
  }
  try {
    const body = await metrics.render();
    response.writeHead(200, { 'content-type': metrics.contentType }).end(body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`could not render metrics: ${(error as Error).message}\n`);
  }
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new Error(
      `WORKER_METRICS_PORT ${port} is already in use on ${host}: stop what listens there, choose another port, or set 0 to turn the worker's metrics endpoint off`,
    );
  }
  return new Error(`WORKER_METRICS_HOST ${host} / WORKER_METRICS_PORT ${port}: cannot listen for metrics (${error.code ?? error.message})`);
}
