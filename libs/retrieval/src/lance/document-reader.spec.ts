import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanceTables } from './lance-tables';
import { collectionSchema, toRow } from './collection-schema';
import { makeArrowTable } from '@lancedb/lancedb';
import { readDocuments } from './document-reader';

describe('readDocuments', () => {
  let dir: string;
  let tables: LanceTables;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'document-reader-spec-'));
    tables = await LanceTables.connect(dir, 0);
  });

  afterEach(() => {
    tables.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tableWith(batches: { id: string; text: string }[][]) {
    const { found } = await tables.findOrCreate('c', {});
    for (const batch of batches) {
      await found.table.add(
        makeArrowTable(
          batch.map((document) => toRow(document) as unknown as Record<string, unknown>),
          { schema: collectionSchema({}) },
        ),
      );
    }
    return found.table;
  }

  const refsOf = async (table: Awaited<ReturnType<typeof tableWith>>) =>
    ((await table.query().select(['id']).withRowId().toArray()) as { id: string; _rowid: bigint }[]).map((row) => ({
      id: row.id,
      rowId: row._rowid,
    }));

  it('reads the documents of the row addresses a search returned', async () => {
    const table = await tableWith([[{ id: 'a', text: 'alpha' }], [{ id: 'b', text: 'beta' }]]);
    const documents = await readDocuments(table, await refsOf(table));
    expect(Object.fromEntries(documents)).toEqual({ a: { id: 'a', text: 'alpha' }, b: { id: 'b', text: 'beta' } });
  });

  it('still finds every document when a compaction moved the rows after the search', async () => {
    const table = await tableWith([[{ id: 'a', text: 'alpha' }], [{ id: 'b', text: 'beta' }], [{ id: 'c', text: 'gamma' }]]);
    const refs = await refsOf(table);
    await table.optimize(); // three fragments become one: every earlier row address is stale
    expect((await refsOf(table)).map((ref) => ref.rowId)).not.toEqual(refs.map((ref) => ref.rowId));
    const documents = await readDocuments(table, refs);
    expect(Object.fromEntries(documents)).toEqual({
      a: { id: 'a', text: 'alpha' },
      b: { id: 'b', text: 'beta' },
      c: { id: 'c', text: 'gamma' },
    });
  });

  it('leaves out a document deleted after the search', async () => {
    const table = await tableWith([[{ id: 'a', text: 'alpha' }], [{ id: 'b', text: 'beta' }]]);
    const refs = await refsOf(table);
    await table.delete("id = 'b'");
    await table.optimize();
    expect([...(await readDocuments(table, refs)).keys()]).toEqual(['a']);
  });
});
