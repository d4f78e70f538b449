import { Table } from '@lancedb/lancedb';
import { CorpusDocument } from '../corpus-document';
import { DOCUMENT_COLUMNS, StoredRow, toDocument } from './collection-schema';
import { sqlString } from './lance-names';

/** A search hit before its text is read: the id, and the row address the search found it at. */
export interface RowRef {
  id: string;
  rowId: bigint;
}

/** Ids per `id IN (…)` filter. */
const IDS_PER_FILTER = 500;

/**
 * Reads the documents of a search's final hits, once, by row address: the search stages select
 * only id and score, because reading text and metadata for every stage's candidates cost more than
 * the vector search itself (docs/benchmarks.md). A row address goes stale when a compaction
 * commits between the search and this read, so a row that does not come back with the id the
 * search saw is read again by id. A hit deleted meanwhile is missing from the map.
 */
export async function readDocuments(table: Table, refs: readonly RowRef[]): Promise<Map<string, CorpusDocument>> {
  const byId = new Map<string, CorpusDocument>();
  if (refs.length === 0) return byId;
  const wanted = new Set(refs.map((ref) => ref.id));
  try {
    const rows = (await table
      .takeRowIds(refs.map((ref) => ref.rowId))
      .select(DOCUMENT_COLUMNS)
      .toArray()) as StoredRow[];
    for (const row of rows) if (wanted.has(row.id)) byId.set(row.id, toDocument(row));
  } catch {
    // Every address stale (their fragment compacted away): all are read by id below.
  }
  const missing = [...wanted].filter((id) => !byId.has(id));
  for (const [id, document] of await readDocumentsById(table, missing)) byId.set(id, document);
  return byId;
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
