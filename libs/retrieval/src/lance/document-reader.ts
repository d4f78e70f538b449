import { Table } from '@lancedb/lancedb';
import { CorpusDocument } from '../corpus-document';
import { DOCUMENT_COLUMNS, StoredRow, toDocument } from './collection-schema';
import { sqlString } from './lance-names';

/** Ids per `id IN (…)` filter. */
const IDS_PER_FILTER = 500;

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
