import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { runClosedLoop } from './closed-loop.driver';
import { StatusTally } from './status.tally';

/** A gateway stand-in: answers in turn a complete 200, a partial 200 and a 429, after 5 ms. */
function fakeGateway(seen: { path?: string; authorization?: string; documents: number[] }): Promise<{ server: Server; url: string }> {
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.path = request.url;
      seen.authorization = request.headers.authorization;
      seen.documents.push((JSON.parse(Buffer.concat(chunks).toString()) as { documents: string[] }).documents.length);
      const turn = count++ % 3;
      setTimeout(() => {
        response.writeHead(turn === 2 ? 429 : 200, { 'content-type': 'application/json' });
        response.end(turn === 2 ? '{"statusCode":429}' : JSON.stringify({ results: [], partial: turn === 1 }));
      }, 5);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('runClosedLoop', () => {
  it('sends a fresh mix body per request and counts every answer, complete, partial or 429', async () => {
    const seen = { documents: [] as number[] };
    const { server, url } = await fakeGateway(seen);
    const tally = new StatusTally();
    const completions: number[] = [];
    let next = 0;
    try {
      const result = await runClosedLoop({
        url,
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        connections: 2,
        durationS: 1,
        timeoutS: 5,
        next: () => {
          const documents = (next++ % 2) + 1;
          return { documents, body: JSON.stringify({ query: 'q', documents: Array(documents).fill('d') }) };
        },
        tally,
        onComplete: (_, pairs) => completions.push(pairs),
      });
      const counts = tally.summary();
      expect(counts.answered).toBeGreaterThan(20);
      expect(counts.ok_2xx + counts.http_429).toBe(counts.answered);
      expect(counts.partial).toBeGreaterThan(5);
      expect(completions).toHaveLength(counts.ok_2xx - counts.partial);
      expect(completions.reduce((sum, pairs) => sum + pairs, 0)).toBe(counts.ok_pairs);
      expect(result.sent).toBeGreaterThanOrEqual(counts.answered);
      expect(result.cut_off).toBeLessThanOrEqual(2);
      expect(seen).toMatchObject({ path: '/v1/rerank', authorization: 'Bearer k' });
      expect(new Set(seen.documents)).toEqual(new Set([1, 2]));
    } finally {
      server.close();
    }
  });
});
