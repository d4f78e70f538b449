import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, makeArrowTable } from '@lancedb/lancedb';
import { collectionSchema, toRow } from './collection-schema';
import { readDocumentsAt } from './document-reader';
import { LanceTables } from './lance-tables';

describe('readDocumentsAt', () => {
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

  /** A table written in several commits: one fragment each, as an upload of several batches leaves it. */
  async function tableWith(batches: { id: string; text: string }[][]): Promise<Table> {
    const { found } = await tables.findOrCreate('c', {});
    for (const batch of batches) {
      const rows = batch.map((document) => toRow(document) as unknown as Record<string, unknown>);
      await found.table.add(makeArrowTable(rows, { schema: collectionSchema({}) }));
    }
    return found.table;
  }

  const addressesOf = async (table: Table, ids: string[]) => {
    const rows = (await table.query().select(['id']).withRowId().toArray()) as { id: string; _rowid: bigint }[];
    return ids.map((id) => rows.find((row) => row.id === id)?._rowid as bigint);
  };

  it('reads the documents at the row addresses a search returned', async () => {
    const table = await tableWith([[{ id: 'a', text: 'alpha' }], [{ id: 'b', text: 'beta' }]]);
    const [a, b] = await addressesOf(table, ['a', 'b']);
    const documents = await readDocumentsAt(table, [b, a]);
    expect(documents?.get(a)).toEqual({ id: 'a', text: 'alpha' });
    expect(documents?.get(b)).toEqual({ id: 'b', text: 'beta' });
  });

  it('answers undefined, not other documents, when a compaction moved the rows after the search', async () => {
    const table = await tableWith([[{ id: 'a', text: 'alpha' }], [{ id: 'b', text: 'beta' }], [{ id: 'c', text: 'gamma' }]]);
    const before = await addressesOf(table, ['a', 'b', 'c']);
    await table.optimize(); // three fragments become one
    expect(await addressesOf(table, ['a', 'b', 'c'])).not.toEqual(before);
    expect(await readDocumentsAt(table, before)).toBeUndefined();
  });
});
