import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetrievalEngine, openRetrievalEngine } from '@rerank/retrieval';
import { JobLineLimits } from './job-line';
import { JobLineResolver } from './job-line.resolver';

const limits: JobLineLimits = { maxQueryChars: 100, maxDocumentChars: 60, maxCandidates: 10, maxTop: 10 };

describe('JobLineResolver', () => {
  let dataDir: string;
  let engine: RetrievalEngine;
  let resolver: JobLineResolver;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'job-resolver-spec-'));
    engine = await openRetrievalEngine({ dataDir });
    resolver = new JobLineResolver(engine, limits);
    await engine.collections.upsert('cities', [
      { id: 'berlin', title: 'Berlin', text: 'Berlin is the capital of Germany.' },
      { id: 'paris', text: 'Paris is the capital of France.' },
      { id: 'long', text: 'a very long document about the capital '.repeat(3) },
      { id: 'cheese', text: 'Cheese is made from milk.' },
    ]);
  });

  afterAll(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const base = { queryId: 'q', query: 'capital of Germany' };

  it('takes inline candidates as they are', async () => {
    const candidates = [{ id: 'x', text: 'anything' }];
    expect(await resolver.resolve({ ...base, source: 'inline', candidates })).toEqual({ ...base, candidates });
  });

  it('reads documents by id as title + text, in the order listed', async () => {
    expect(await resolver.resolve({ ...base, source: 'ids', collection: 'cities', ids: ['paris', 'berlin'] })).toEqual({
      ...base,
      candidates: [
        { id: 'paris', text: 'Paris is the capital of France.' },
        { id: 'berlin', text: 'Berlin Berlin is the capital of Germany.' },
      ],
    });
  });

  it("takes a collection's BM25 top N for the line's query", async () => {
    const resolved = await resolver.resolve({ ...base, query: 'Germany', source: 'top', collection: 'cities', top: 3 });
    expect(resolved).toEqual({
      ...base,
      query: 'Germany',
      candidates: [{ id: 'berlin', text: 'Berlin Berlin is the capital of Germany.' }],
    });
  });

  it.each([
    [
      { source: 'ids' as const, collection: 'cities', ids: ['berlin', 'rome'] },
      '"candidates[1]": document "rome" is not in collection "cities"',
    ],
    [{ source: 'ids' as const, collection: 'towns', ids: ['berlin'] }, '"collection": collection "towns" does not exist'],
    [{ source: 'top' as const, collection: 'towns', top: 3 }, '"collection": collection "towns" does not exist'],
    [
      { source: 'ids' as const, collection: 'cities', ids: ['long'] },
      '"candidates[0]" (document "long" of collection "cities") has 117 characters; the limit is 60 (RERANK_MAX_DOCUMENT_CHARS)',
    ],
  ])('names what cannot be resolved (%#)', async (line, message) => {
    expect(await resolver.resolve({ ...base, ...line })).toBe(message);
  });
});
