import { MAX_JSON_OBJECT_FIELDS } from '@rerank/contracts';
import { TestFleet } from '../support/test-fleet';

/**
 * Issue 11 §1: a 2.3 MB body of 200,000 fields held the event loop for 27 s (quadratic in
 * class-transformer), and a long NDJSON line cost time quadratic in its length (split2). The
 * issue asks for an answer in well under a second and /health/live, asked meanwhile, within
 * 100 ms; the probe bound here is looser because the test machine is shared (idle probes there
 * reach 400 ms at a load average of 20 on 2 cores). Before the fix a probe waited as long as the
 * body did: 27-56 s for the 200,000 fields, 37 s for the 8 MB line.
 * docs/benchmarks.md has the event-loop delay measured inside the gateway.
 */
const ANSWER_MS = 1000;
const PROBE_MS = 1000;

const fields = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
const WIDE = fields(200_000);
const TOO_WIDE = `has an object with more than ${MAX_JSON_OBJECT_FIELDS} fields; the limit is ${MAX_JSON_OBJECT_FIELDS} fields per object`;

describe('bodies whose objects have 200,000 fields', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    // A collection line as long as a rerank body, so the field limit and not the line limit answers.
    fleet = await TestFleet.start({ gatewayEnv: { COLLECTION_LINE_LIMIT_CHARS: String(10 * 1024 * 1024) } });
    // A first request compiles the request path, so the probes time the bodies and not that.
    expect((await fleet.post('/v1/rerank', { query: 'q', documents: ['a'] })).status).toBe(200);
  });

  afterAll(async () => fleet?.stop());

  /** Sends a body while probing /health/live in a loop; the answer, its time and the slowest probe. */
  async function sendWhileProbing(path: string, text: string, contentType: string) {
    const body = Buffer.from(text);
    const probes: number[] = [];
    let answered = false;
    const probing = (async () => {
      while (!answered || probes.length < 3) {
        const started = performance.now();
        const probe = await fetch(`${fleet.url}/health/live`);
        await probe.arrayBuffer();
        probes.push(performance.now() - started);
        expect(probe.status).toBe(200);
      }
    })();
    const started = performance.now();
    const response = await fetch(`${fleet.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    // TEI's routes answer in TEI's shape ({ error, error_type }); the others in ours ({ message }).
    const answer = (await response.json()) as { message?: unknown; error?: unknown };
    const ms = performance.now() - started;
    answered = true;
    await probing;
    return { status: response.status, message: answer.message ?? answer.error, ms, slowestProbeMs: Math.max(...probes) };
  }

  it.each([
    ['/v1/rerank', 'a field no one asked for', { query: 'q', documents: ['a'], x: WIDE }],
    ['/v1/rerank', "a document's metadata", { query: 'q', documents: [{ text: 'a', metadata: WIDE }] }],
    ['/v2/rerank', 'a field no one asked for', { query: 'q', documents: ['a'], x: WIDE }],
    ['/v2/rerank', "a document's metadata", { query: 'q', documents: [{ text: 'a', metadata: WIDE }] }],
    ['/rerank', 'a field no one asked for', { query: 'q', texts: ['a'], x: WIDE }],
    ['/v1/search', 'a field no one asked for', { collection: 'c', query: 'q', x: WIDE }],
    ['/v1/collections/c/documents', "a document's metadata (JSON upload)", [{ id: 'a', text: 'a', metadata: WIDE }]],
  ])('%s with them in %s answers 400 (TEI: 422) at once, and the gateway stays live', async (path, _, body) => {
    const answer = await sendWhileProbing(path, JSON.stringify(body), 'application/json');
    // TEI answers a body it refuses as a validation error, 422.
    const status = path === '/rerank' ? 422 : 400;
    expect({ status: answer.status, message: answer.message }).toEqual({ status, message: `request body ${TOO_WIDE}` });
    expect(answer.ms).toBeLessThan(ANSWER_MS);
    expect(answer.slowestProbeMs).toBeLessThan(PROBE_MS);
  });

  it.each([
    ['/v1/collections/c/documents', { id: 'b', text: 'b', metadata: WIDE }, `line 2: ${TOO_WIDE}`],
    [
      '/v1/jobs',
      { query_id: 'q2', query: 'q', candidates: [{ id: 'a', text: 'a' }], x: WIDE },
      `line 2: ${TOO_WIDE}; nothing was enqueued`,
    ],
  ])('an NDJSON upload to %s with them on a line answers 400 naming the line, and the gateway stays live', async (path, wide, message) => {
    const first = path === '/v1/jobs' ? { query_id: 'q1', query: 'q', candidates: [{ id: 'a', text: 'a' }] } : { id: 'a', text: 'a' };
    const answer = await sendWhileProbing(path, `${JSON.stringify(first)}\n${JSON.stringify(wide)}\n`, 'application/x-ndjson');
    expect(answer.status).toBe(400);
    expect(answer.message).toEqual(expect.stringContaining(message));
    expect(answer.ms).toBeLessThan(ANSWER_MS);
    expect(answer.slowestProbeMs).toBeLessThan(PROBE_MS);
  });

  it('reads an 8 MB line of a job upload in linear time (it took 37 s in split2), and the gateway stays live', async () => {
    const line = { query_id: 'q1', query: 'q', candidates: [{ id: 'a', text: 'a' }], note: 'x'.repeat(8 * 1024 * 1024) };
    const answer = await sendWhileProbing('/v1/jobs', `${JSON.stringify(line)}\n`, 'application/x-ndjson');
    expect(answer.status).toBe(202);
    expect(answer.ms).toBeLessThan(5 * ANSWER_MS);
    expect(answer.slowestProbeMs).toBeLessThan(PROBE_MS);
  });

  it(`takes and echoes metadata of exactly ${MAX_JSON_OBJECT_FIELDS} fields`, async () => {
    const metadata = fields(MAX_JSON_OBJECT_FIELDS);
    const response = await fleet.post('/v1/rerank', {
      query: 'q',
      documents: [{ text: 'a', metadata }, 'b'],
      x: fields(MAX_JSON_OBJECT_FIELDS),
    });
    expect(response.status).toBe(200);
    expect(response.body.results.find((result: { index: number }) => result.index === 0).metadata).toEqual(metadata);
  });
});
