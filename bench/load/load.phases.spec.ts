import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Completion } from './capacity.estimate';
import { closedPhase } from './load.phases';

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
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe('closedPhase', () => {
  it('sends a fresh mix body per request and counts every answer, complete, partial or 429, the last ones included', async () => {
    const seen = { documents: [] as number[] };
    const { server, url } = await fakeGateway(seen);
    const completions: Completion[] = [];
    let next = 0;
    const mix = {
      next: () => {
        const documents = (next++ % 2) + 1;
        return { documents, body: JSON.stringify({ query: 'q', documents: Array(documents).fill('d') }) };
      },
    };
    try {
      const context = {
        url,
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        timeoutS: 5,
        mix,
        progress: () => undefined,
      };
      const phase = await closedPhase(context, 2, 1, 'drive', completions);
      const { status } = phase;
      expect(status.answered).toBeGreaterThan(20);
      // Nothing is dropped at the end: every request sent was answered and counted.
      expect(phase.sent).toBe(status.answered);
      expect(seen.documents).toHaveLength(phase.sent);
      expect(status.ok_2xx + status.http_429).toBe(status.answered);
      expect(status.partial).toBeGreaterThan(5);
      expect(phase.throughput.ok_pairs_per_s).toBeGreaterThan(0);
      expect(phase.latency_ms.ok?.n).toBe(status.ok_2xx);
      // The capacity estimate gets the complete answers of the steady state: all but those after the limit.
      const complete = status.ok_2xx - status.partial;
      expect(completions.length).toBeLessThanOrEqual(complete);
      expect(completions.length).toBeGreaterThanOrEqual(complete - 2);
      expect(completions.every((completion) => completion.pairs === 1 || completion.pairs === 2)).toBe(true);
      expect(seen).toMatchObject({ path: '/v1/rerank', authorization: 'Bearer k' });
      expect(new Set(seen.documents)).toEqual(new Set([1, 2]));
    } finally {
      server.close();
    }
  });
});
