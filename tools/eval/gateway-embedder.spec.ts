import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayEmbedder } from './gateway-embedder';

/**
 * A stand-in for the gateway's POST /v1/embeddings (the service itself is built elsewhere):
 * answers the OpenAI shape with each text's length as its vector, data in reverse order.
 */
describe('GatewayEmbedder', () => {
  let server: Server;
  let url: string;
  const bodies: { model: string; input: string[] }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        const body = JSON.parse(raw) as { model: string; input: string[] };
        bodies.push(body);
        if (body.model !== 'bi') {
          response
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: `model "${body.model}" is not served` }));
          return;
        }
        const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, 1] })).reverse();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'bi' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns one vector per text in input order, in requests of at most 64 texts', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => 'x'.repeat(i + 1));
    const vectors = await new GatewayEmbedder(url).embed('bi', texts, { lane: 'bulk' });
    expect(vectors.map((vector) => vector[0])).toEqual(texts.map((text) => text.length));
    expect(bodies.map((body) => body.input.length)).toEqual([64, 6]);
  });

  it("names the status and the gateway's message when it refuses", async () => {
    await expect(new GatewayEmbedder(url).embed('other', ['a'], { lane: 'interactive' })).rejects.toThrow(
      `POST ${url}/v1/embeddings answered 404: "model \\"other\\" is not served"`,
    );
  });
});
