import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RetrievalEngine, openRetrievalEngine } from '@rerank/retrieval';
import { SQLITE_DATABASE_FILE, migrateSqliteCollections } from './sqlite-collections.migration';

/** A DATA_DIR as the SQLite engine left it: the registry and one documents table per collection. */
function writeSqliteDataDir(dataDir: string): void {
  const db = new Database(join(dataDir, SQLITE_DATABASE_FILE));
  db.exec(`
    CREATE TABLE collections (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
      documents INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
    INSERT INTO collections (name, documents, created_at) VALUES ('Docs', 2, 0), ('docs', 1, 0);
    CREATE TABLE c1_docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, text TEXT NOT NULL, metadata TEXT);
    CREATE TABLE c2_docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, text TEXT NOT NULL, metadata TEXT);
    INSERT INTO c1_docs (id, title, text, metadata) VALUES ('a''1', 'Harbour', 'ships dock here', '{"year":2024,"tags":["x"]}'),
      ('b', NULL, 'a quiet river', NULL);
    INSERT INTO c2_docs (id, title, text, metadata) VALUES ('only', NULL, 'lower case collection', NULL);`);
  db.close();
}

describe('migrateSqliteCollections', () => {
  let dataDir: string;
  let engine: RetrievalEngine | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'migrate-spec-'));
    writeSqliteDataDir(dataDir);
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to open a DATA_DIR that still holds the SQLite file, naming the command that moves it', async () => {
    await expect(openRetrievalEngine({ dataDir })).rejects.toThrow(/npm run migrate:collections/);
  });

  it('moves every collection with ids, titles, texts and metadata as stored, then sets the old file aside', async () => {
    engine = await openRetrievalEngine({ dataDir, allowSqliteFile: true });
    expect(await migrateSqliteCollections(dataDir, engine)).toEqual([
      { name: 'Docs', documents: 2 },
      { name: 'docs', documents: 1 },
    ]);
    expect(await engine.collections.getDocuments('Docs', ["a'1", 'b'])).toEqual([
      { id: "a'1", title: 'Harbour', text: 'ships dock here', metadata: { year: 2024, tags: ['x'] } },
      { id: 'b', text: 'a quiet river' },
    ]);
    expect((await engine.retriever.search('Docs', 'harbour ships', 10)).map((hit) => hit.id)).toEqual(["a'1"]);
    expect((await engine.retriever.search('docs', 'collection', 10)).map((hit) => hit.id)).toEqual(['only']);
    expect(existsSync(join(dataDir, SQLITE_DATABASE_FILE))).toBe(false);
    expect(existsSync(join(dataDir, `${SQLITE_DATABASE_FILE}.migrated`))).toBe(true);
    await engine.close();
    // The gateway now opens the DATA_DIR and finds the collections.
    engine = await openRetrievalEngine({ dataDir });
    expect(await engine.collections.describe('Docs')).toEqual({ name: 'Docs', documents: 2 });
  });
});
