import { Table } from '@lancedb/lancedb';
import { CorpusDocument } from '../corpus-document';
import { DOCUMENT_COLUMNS, StoredRow, toDocument } from './collection-schema';
import { sqlString } from './lance-names';

/** Ids per `id IN (…)` filter. */
const IDS_PER_FILTER = 500;

/**
 * The documents at these row addresses, or undefined when any is gone: a compaction that
 * committed since the search moved the rows (the caller searches again). Row addresses are what
 * both search stages of a hybrid search return without reading a column of the row, so its
 * documents are read once, after fusion (see LanceRetriever).
 */
export async function readDocumentsAt(table: Table, rowIds: readonly bigint[]): Promise<Map<bigint, CorpusDocument> | undefined> {
  const byRow = new Map<bigint, CorpusDocument>();
  if (rowIds.length === 0) return byRow;
  let rows: (StoredRow & { _rowid: bigint })[];
  try {
    rows = (await table.takeRowIds(rowIds).select(DOCUMENT_COLUMNS).withRowId().toArray()) as (StoredRow & { _rowid: bigint })[];
  } catch {
    return undefined; // the addresses' fragment no longer exists
  }
  for (const row of rows) byRow.set(row._rowid, toDocument(row));
  return rowIds.every((rowId) => byRow.has(rowId)) ? byRow : undefined;
}

/** Documents by id through the id index, in chunks of IDS_PER_FILTER ids. */
export async function readDocumentsById(table: Table, ids: readonly string[]): Promise<Map<string, CorpusDocument>> {
  const byId = new Map<string, CorpusDocument>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += IDS_PER_FILTER) {
    const chunk = unique.slice(start, start + IDS_PER_FILTER);
    const rows = (await table
      .query()
      .where(`id IN (${chunk.map(sqlString).join(', ')})`)
      .select(DOCUMENT_COLUMNS)
      .toArray()) as StoredRow[];
    for (const row of rows) byId.set(row.id, toDocument(row));
  }
  return byId;
}
