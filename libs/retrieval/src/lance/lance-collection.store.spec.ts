import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionNotFoundError } from '../retrieval-errors';
import { RetrievalEngine } from '../retriever';
import { openRetrievalEngine } from '../retrieval-engine';

describe('LanceCollectionStore', () => {
  let dataDir: string;
  let engine: RetrievalEngine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collection-store-spec-'));
    engine = await openRetrievalEngine({ dataDir });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('getDocuments', () => {
    it('returns the documents in the order asked, with title and metadata, undefined for unknown ids', async () => {
      await engine.collections.upsert('c', [
        { id: 'a', text: 'alpha text' },
        { id: 'b', title: 'Bee', text: 'beta text', metadata: { year: 2024 } },
      ]);
      expect(await engine.collections.getDocuments('c', ['b', 'missing', 'a', 'b'])).toEqual([
        { id: 'b', title: 'Bee', text: 'beta text', metadata: { year: 2024 } },
        undefined,
        { id: 'a', text: 'alpha text' },
        { id: 'b', title: 'Bee', text: 'beta text', metadata: { year: 2024 } },
      ]);
    });

    it('sees a replaced document as it is now, and not a deleted one', async () => {
      await engine.collections.upsert('c', [
        { id: 'a', text: 'old' },
        { id: 'b', text: 'gone soon' },
      ]);
      await engine.collections.upsert('c', [{ id: 'a', text: 'new' }]);
      await engine.collections.deleteDocument('c', 'b');
      expect(await engine.collections.getDocuments('c', ['a', 'b'])).toEqual([{ id: 'a', text: 'new' }, undefined]);
    });

    it('compares ids exactly, case included', async () => {
      await engine.collections.upsert('c', [{ id: 'Doc-1', text: 'x' }]);
      expect(await engine.collections.getDocuments('c', ['doc-1', 'Doc-1'])).toEqual([undefined, { id: 'Doc-1', text: 'x' }]);
    });

    it('throws CollectionNotFoundError for a collection that does not exist', async () => {
      await expect(engine.collections.getDocuments('nope', ['a'])).rejects.toThrow(new CollectionNotFoundError('nope'));
    });
  });
});
