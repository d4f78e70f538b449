import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionNotFoundError } from '../retrieval-errors';
import { RetrievalEngine } from '../retriever';
import { openRetrievalEngine } from '../retrieval-engine';

describe('LanceRetrievalEngine (BM25 collections)', () => {
  let dataDir: string;
  let engine: RetrievalEngine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'retrieval-spec-'));
    engine = await openRetrievalEngine({ dataDir });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ids = async (collection: string, query: string, limit = 10) =>
    (await engine.retriever.search(collection, query, limit)).map((hit) => hit.id);

  describe('upsert', () => {
    it('replaces a re-sent document instead of adding a second one', async () => {
      const first = await engine.collections.upsert('c', [
        { id: 'a', text: 'the old text about zebras' },
        { id: 'b', text: 'something else' },
      ]);
      expect(first).toEqual({ created: 2, replaced: 0, documents: 2 });

      const second = await engine.collections.upsert('c', [{ id: 'a', title: 'New', text: 'the new text about giraffes' }]);
      expect(second).toEqual({ created: 0, replaced: 1, documents: 2 });
      expect(await engine.collections.describe('c')).toEqual({ name: 'c', documents: 2 });
      expect(await ids('c', 'zebras')).toEqual([]);
      expect(await engine.retriever.search('c', 'giraffes', 10)).toEqual([
        {
          id: 'a',
          title: 'New',
          text: 'the new text about giraffes',
          score: expect.any(Number),
          stages: { bm25: { rank: 1, score: expect.any(Number) } },
        },
      ]);
    });

    it('keeps the last of repeated ids within one call', async () => {
      expect(
        await engine.collections.upsert('c', [
          { id: 'a', text: 'one' },
          { id: 'a', text: 'two' },
        ]),
      ).toEqual({
        created: 1,
        replaced: 1,
        documents: 1,
      });
      expect(await ids('c', 'two')).toEqual(['a']);
      expect(await ids('c', 'one')).toEqual([]);
    });

    it('stores metadata and returns it with the hit', async () => {
      await engine.collections.upsert('c', [{ id: '7', text: 'metadata test', metadata: { year: 2024, tags: ['x'] } }]);
      const [hit] = await engine.retriever.search('c', 'metadata', 1);
      expect(hit.metadata).toEqual({ year: 2024, tags: ['x'] });
    });

    it('keeps collections apart, names compared case-sensitively', async () => {
      await engine.collections.upsert('Docs', [{ id: '1', text: 'alpha' }]);
      await engine.collections.upsert('docs', [{ id: '1', text: 'beta' }]);
      expect(await ids('Docs', 'alpha')).toEqual(['1']);
      expect(await ids('docs', 'alpha')).toEqual([]);
      expect(await engine.collections.describe('DOCS')).toBeUndefined();
    });

    it('writes nothing of a call that fails part-way', async () => {
      await engine.collections.upsert('c', [{ id: 'a', text: 'kept' }]);
      const broken = [
        { id: 'b', text: 'never stored' },
        { id: 'c', text: null as unknown as string },
      ];
      await expect(engine.collections.upsert('c', broken)).rejects.toThrow();
      expect(await engine.collections.describe('c')).toEqual({ name: 'c', documents: 1 });
      expect(await ids('c', 'stored')).toEqual([]);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await engine.collections.upsert('c', [
        { id: 'once', text: 'berlin is a city' },
        { id: 'twice', text: 'berlin berlin, the capital' },
        { id: 'title', title: 'Berlin', text: 'population figures of the capital' },
        { id: 'none', text: 'paris is in france' },
        // With few documents every term is in over half of them, and its idf falls to ~0.
        ...Array.from({ length: 12 }, (_, i) => ({ id: `filler-${i}`, text: `filler document number ${i}` })),
      ]);
    });

    it('returns BM25 order with positive scores, higher first', async () => {
      const hits = await engine.retriever.search('c', 'berlin capital', 10);
      expect(hits.map((hit) => hit.id)).toEqual(['twice', 'title', 'once']);
      const scores = hits.map((hit) => hit.score);
      expect(scores.every((score) => score > 0.1)).toBe(true);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('indexes the title with the text and stems words', async () => {
      expect(await ids('c', 'populations')).toEqual(['title']);
    });

    it('limits the number of hits', async () => {
      expect(await ids('c', 'berlin', 2)).toHaveLength(2);
    });

    it('answers queries full of query syntax as plain words', async () => {
      for (const query of ['"berlin', 'berlin*', '-paris', 'text:berlin', '(berlin', 'NEAR(berlin paris)', 'berlin AND NOT paris', '"']) {
        expect(Array.isArray(await engine.retriever.search('c', query, 10))).toBe(true);
      }
      expect(await ids('c', '-paris')).toEqual(['none']);
      expect(await ids('c', '"')).toEqual([]);
    });

    it('throws CollectionNotFoundError for an unknown collection', async () => {
      await expect(engine.retriever.search('missing', 'berlin', 10)).rejects.toBeInstanceOf(CollectionNotFoundError);
    });
  });

  describe('deleteDocument and drop', () => {
    it('removes a document from the index and the count', async () => {
      await engine.collections.upsert('c', [
        { id: 'a', text: 'apple' },
        { id: 'b', text: 'apple pie' },
      ]);
      expect(await engine.collections.deleteDocument('c', 'a')).toBe(true);
      expect(await engine.collections.deleteDocument('c', 'a')).toBe(false);
      expect(await ids('c', 'apple')).toEqual(['b']);
      expect(await engine.collections.describe('c')).toEqual({ name: 'c', documents: 1 });
      await expect(engine.collections.deleteDocument('missing', 'a')).rejects.toBeInstanceOf(CollectionNotFoundError);
    });

    it('drops a collection, which can then be made again from scratch', async () => {
      await engine.collections.upsert('c', [{ id: 'a', text: 'apple' }]);
      expect(await engine.collections.drop('c')).toBe(true);
      expect(await engine.collections.drop('c')).toBe(false);
      expect(await engine.collections.describe('c')).toBeUndefined();
      await engine.collections.upsert('c', [{ id: 'z', text: 'apple' }]);
      expect(await ids('c', 'apple')).toEqual(['z']);
    });
  });

  it('keeps collections across reopening the data directory', async () => {
    await engine.collections.upsert('c', [{ id: 'a', text: 'durable' }]);
    await engine.close();
    engine = await openRetrievalEngine({ dataDir });
    expect(await ids('c', 'durable')).toEqual(['a']);
  });

  it("with prewarmIndexes, loads a searched collection's indexes (again after an optimize) without changing its answers", async () => {
    await engine.close();
    const logged: string[] = [];
    engine = await openRetrievalEngine({ dataDir, prewarmIndexes: true, log: (line) => logged.push(line) });
    await engine.collections.upsert('c', [
      { id: 'a', text: 'warm apple pie' },
      { id: 'b', text: 'cold apple juice' },
    ]);
    expect(await ids('c', 'apple pie')).toEqual(['a', 'b']);
    await engine.collections.upsert('c', [{ id: 'c', text: 'apple pie again, apple pie' }]);
    await engine.flush(); // the optimize and the index load it starts
    expect(await ids('c', 'apple pie')).toEqual(['c', 'a', 'b']);
    expect(logged.filter((line) => /failed/.test(line))).toEqual([]);
  });
});
