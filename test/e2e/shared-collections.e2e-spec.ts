import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FleetProcess, READY_LINE } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder, freePort } from '../../tools/fleet/fleet-housekeeping';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { TEST_REDIS_URL } from '../support/redis';

/** The bound under test: COLLECTIONS_READ_CONSISTENCY_S of both gateways. */
const READ_CONSISTENCY_S = 1;
/** What the test allows for a write to show through the other gateway: the bound plus slack for a loaded machine. */
const VISIBLE_WITHIN_MS = READ_CONSISTENCY_S * 1000 + 4000;

interface Gateway {
  url: string;
  process: FleetProcess;
}

async function call(gateway: Gateway, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const search = async (gateway: Gateway, collection: string, query: string): Promise<string[]> => {
  const { status, body } = await call(gateway, 'POST', '/v1/search', { collection, query, rerank: false, top_k: 50 });
  if (status !== 200) throw new Error(`search answered ${status}: ${JSON.stringify(body)}`);
  return body.results.map((result: { id: string }) => result.id);
};

/** Polls until `check` holds, and returns how long that took; fails after `withinMs`. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two gateway processes on one collections store', () => {
  let store: string;
  let prefix: string;
  let a: Gateway;
  let b: Gateway;

  beforeAll(async () => {
    store = mkdtempSync(join(tmpdir(), 'shared-store-'));
    prefix = `test-${randomUUID()}`;
    const start = async (): Promise<Gateway> => {
      const port = await freePort();
      const child = FleetProcess.start('gateway', {
        env: {
          ...process.env,
          // Each gateway its own DATA_DIR: only COLLECTIONS_URI is shared.
          DATA_DIR: mkdtempSync(join(tmpdir(), 'shared-store-data-')),
          COLLECTIONS_URI: store,
          COLLECTIONS_READ_CONSISTENCY_S: String(READ_CONSISTENCY_S),
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: prefix,
          RERANK_MODEL: TINY_FIXTURE_DIR,
          PORT: String(port),
          HOST: '127.0.0.1',
          COLLECTION_BATCH_DOCUMENTS: '25',
        },
      });
      await child.waitForLine(READY_LINE.gateway, 30_000);
      return { url: `http://127.0.0.1:${port}`, process: child };
    };
    [a, b] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    await Promise.all([a, b].map((gateway) => gateway?.process.stop('SIGKILL')));
    await deleteKeysUnder(TEST_REDIS_URL, prefix);
    rmSync(store, { recursive: true, force: true });
  });

  it(`finds a document written through one gateway through the other within the read-consistency bound (${READ_CONSISTENCY_S} s)`, async () => {
    expect((await call(a, 'POST', '/v1/collections/news/documents', [{ id: 'n1', text: 'harbour opens' }])).status).toBe(200);
    // B has the collection open (and cached) before the next write, so staleness is what is measured.
    expect(await search(b, 'news', 'harbour')).toEqual(['n1']);
    expect((await call(a, 'POST', '/v1/collections/news/documents', [{ id: 'n2', title: 'Zeppelin', text: 'airship lands' }])).status).toBe(
      200,
    );
    await within(VISIBLE_WITHIN_MS, async () => (await search(b, 'news', 'zeppelin')).includes('n2'));
    expect((await call(b, 'GET', '/v1/collections/news')).body).toEqual({ name: 'news', documents: 2 });
    const [hit] = (await call(b, 'POST', '/v1/search', { collection: 'news', query: 'airship', rerank: false })).body.results;
    expect(hit).toMatchObject({ id: 'n2', title: 'Zeppelin', text: 'airship lands' });
  });

  it('loses nothing when both gateways upload into one collection at once, and keeps one copy of an id both wrote', async () => {
    const uploads = Array.from({ length: 16 }, (_, u) =>
      call(u % 2 === 0 ? a : b, 'POST', '/v1/collections/race/documents', [
        ...Array.from({ length: 50 }, (_, i) => ({ id: `u${u}-d${i}`, text: `upload${u} document number ${i} token${u}x${i}` })),
        { id: 'shared', text: `written by upload ${u}` },
      ]),
    );
    const answers = await Promise.all(uploads);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const expected = 16 * 50 + 1;
    for (const gateway of [a, b]) {
      await within(VISIBLE_WITHIN_MS, async () => (await call(gateway, 'GET', '/v1/collections/race')).body.documents === expected);
    }
    // Every upload's documents are there, looked up through the gateway that did not write them.
    for (let u = 0; u < 16; u++) {
      const other = u % 2 === 0 ? b : a;
      const ids = await search(other, 'race', `upload${u}`);
      expect(ids.filter((id) => id.startsWith(`u${u}-`)).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `u${u}-d${i}`).sort());
    }
    expect(await search(a, 'race', 'written')).toEqual(['shared']);
  });

  it('a delete through one gateway is seen by the other', async () => {
    await call(a, 'POST', '/v1/collections/deletes/documents', [
      { id: 'keep', text: 'river bridge' },
      { id: 'gone', text: 'river ferry' },
    ]);
    expect((await search(b, 'deletes', 'river')).sort()).toEqual(['gone', 'keep']);
    expect(await call(a, 'DELETE', '/v1/collections/deletes/documents/gone')).toEqual({
      status: 200,
      body: { collection: 'deletes', id: 'gone', documents: 1 },
    });
    await within(VISIBLE_WITHIN_MS, async () => (await search(b, 'deletes', 'river')).join() === 'keep');
    expect((await call(b, 'DELETE', '/v1/collections/deletes/documents/gone')).status).toBe(404);
  });
});
