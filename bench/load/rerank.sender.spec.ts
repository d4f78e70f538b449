import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RerankSender, requestHeaders } from './rerank.sender';
import { StatusTally } from './status.tally';

function server(handler: (respond: (status: number, body: string) => void) => void): Promise<{ server: Server; url: string }> {
  const instance = createServer((request, response) => {
    request.resume();
    request.on('end', () => handler((status, body) => response.writeHead(status).end(body)));
  });
  return new Promise((resolve) =>
    instance.listen(0, '127.0.0.1', () =>
      resolve({ server: instance, url: `http://127.0.0.1:${(instance.address() as AddressInfo).port}` }),
    ),
  );
}

const request = { body: '{"query":"q","documents":["d"]}', documents: 1 };

describe('requestHeaders', () => {
  it('sends the API key as a bearer token, and no authorization without one', () => {
    expect(requestHeaders('k'.repeat(16))).toEqual({ 'content-type': 'application/json', authorization: `Bearer ${'k'.repeat(16)}` });
    expect(requestHeaders(undefined)).toEqual({ 'content-type': 'application/json' });
  });
});

describe('RerankSender', () => {
  it('records the status and body of an answer with its latency', async () => {
    const { server: gateway, url } = await server((respond) => respond(429, '{"statusCode":429}'));
    const tally = new StatusTally();
    try {
      await expect(new RerankSender(url, requestHeaders(undefined), 5_000).send(request, tally, performance.now())).resolves.toBe('error');
    } finally {
      gateway.close();
    }
    expect(tally.summary()).toMatchObject({ answered: 1, http_429: 1 });
    expect(tally.answeredLatenciesMs[0]).toBeGreaterThan(0);
  });

  it('records a request unanswered within the timeout as a timeout', async () => {
    const { server: gateway, url } = await server(() => undefined);
    const tally = new StatusTally();
    try {
      await expect(new RerankSender(url, requestHeaders(undefined), 100).send(request, tally, performance.now())).resolves.toBe(
        'unanswered',
      );
    } finally {
      gateway.closeAllConnections();
      gateway.close();
    }
    expect(tally.summary()).toMatchObject({ answered: 0, timeouts: 1, connection_errors: 0 });
  });

  it('records a refused connection as a connection error, saying why', async () => {
    const { server: gone, url } = await server(() => undefined);
    await new Promise((resolve) => gone.close(resolve));
    const tally = new StatusTally();
    await new RerankSender(url, requestHeaders(undefined), 5_000).send(request, tally, performance.now());
    expect(tally.summary()).toMatchObject({ connection_errors: 1 });
    expect(tally.summary().examples.connection).toMatch(/ECONNREFUSED/);
  });

  it('fails the warm-up on a 401 with what to do', async () => {
    const { server: gateway, url } = await server((respond) => respond(401, '{"statusCode":401}'));
    try {
      await expect(new RerankSender(url, requestHeaders(undefined), 5_000).expectOk(request)).rejects.toThrow(
        /answered 401 \(pass --api-key or set RERANK_API_KEY\)/,
      );
    } finally {
      gateway.close();
    }
  });
});
