import { createReadStream, existsSync, statSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * The Hugging Face hub cannot be reached from here, so a local HTTP server plays it: it serves
 * one model directory under the hub's URL layout (/<id>/resolve/main/<file>) and 404s the rest.
 */
export class FakeHub {
  private constructor(
    private readonly server: Server,
    /** Paths requested, in order. */
    readonly requests: string[],
  ) {}

  static async serve(modelId: string, modelDir: string): Promise<FakeHub> {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const prefix = `/${modelId}/resolve/main/`;
      const file = request.url?.startsWith(prefix) ? request.url.slice(prefix.length).split('?')[0] : undefined;
      const path = file ? join(modelDir, decodeURIComponent(file)) : undefined;
      if (!path || !existsSync(path)) {
        response.writeHead(404).end('Entry not found');
        return;
      }
      response.writeHead(200, { 'content-length': statSync(path).size });
      if (request.method === 'HEAD') response.end();
      else createReadStream(path).pipe(response);
    });
    const hub = new FakeHub(server, requests);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return hub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
