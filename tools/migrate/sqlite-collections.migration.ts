import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusDocument, RetrievalEngine } from '@rerank/retrieval';

/** The SQLite engine's database file under DATA_DIR (the first stage before LanceDB). */
export const SQLITE_DATABASE_FILE = 'collections.db';

/** Documents per Lance commit during the move. */
const BATCH = 5_000;

export interface MigratedCollection {
  name: string;
  documents: number;
}

interface SqliteRow {
  id: string;
  title: string | null;
  text: string;
  metadata: string | null;
}

/**
 * Copies every collection of DATA_DIR/collections.db into the engine (ids, titles, texts and
 * metadata as stored), then renames the file to collections.db.migrated so it is not moved twice.
 * Writes are upserts by id: a move interrupted half-way is finished by running it again.
 */
export async function migrateSqliteCollections(
  dataDir: string,
  engine: RetrievalEngine,
  onCollection: (collection: MigratedCollection) => void = () => undefined,
): Promise<MigratedCollection[]> {
  const path = join(dataDir, SQLITE_DATABASE_FILE);
  if (!existsSync(path)) throw new Error(`${path} does not exist: nothing to migrate`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const moved: MigratedCollection[] = [];
  try {
    const collections = db.prepare('SELECT id, name FROM collections ORDER BY id').all() as { id: number; name: string }[];
    for (const { id, name } of collections) {
      const rows = db.prepare(`SELECT id, title, text, metadata FROM c${id}_docs ORDER BY rowid`).iterate() as IterableIterator<SqliteRow>;
      let batch: CorpusDocument[] = [];
      let documents = 0;
      for (const row of rows) {
        batch.push(toDocument(row));
        if (batch.length === BATCH) {
          documents = (await engine.collections.upsert(name, batch)).documents;
          batch = [];
        }
      }
      if (batch.length > 0 || documents === 0) documents = (await engine.collections.upsert(name, batch)).documents;
      const collection = { name, documents };
      moved.push(collection);
      onCollection(collection);
    }
  } finally {
    db.close();
  }
  await engine.flush();
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, `${path}.migrated${suffix}`);
  }
  return moved;
}

function toDocument(row: SqliteRow): CorpusDocument {
  const document: CorpusDocument = { id: row.id, text: row.text };
  if (row.title !== null) document.title = row.title;
  if (row.metadata !== null) document.metadata = JSON.parse(row.metadata) as Record<string, unknown>;
  return document;
}
