import { Statement } from 'better-sqlite3';
import { CorpusDocument } from '../corpus-document';
import { SqliteDatabase } from './sqlite-database';

interface CollectionRow {
  id: number;
  documents: number;
  version: number;
}

/** A collection as the registry knows it now. */
export interface FoundCollection {
  tables: CollectionTables;
  documents: number;
  /** Bumped by every write, so cached statistics can tell they are stale. */
  version: number;
}

export interface StoredDocumentRow {
  id: string;
  title: string | null;
  text: string;
  metadata: string | null;
}

/** A stored row as the document it was written from. */
export function storedDocument(row: StoredDocumentRow): CorpusDocument {
  const document: CorpusDocument = { id: row.id, text: row.text };
  if (row.title !== null) document.title = row.title;
  if (row.metadata !== null) document.metadata = JSON.parse(row.metadata) as Record<string, unknown>;
  return document;
}

export interface ScoredRowid {
  rowid: number;
  score: number;
}

/**
 * The prepared statements of one collection. Each collection has its own pair of tables named by
 * its numeric id (never by its name: SQLite identifiers ignore case, collection names do not), so
 * BM25's document frequencies and average length are the collection's own.
 */
export class CollectionTables {
  readonly findRowid: Statement<[string], number>;
  readonly insertDocument: Statement<[string, string | null, string, string | null]>;
  readonly updateDocument: Statement<[string | null, string, string | null, number]>;
  readonly deleteDocument: Statement<[number]>;
  readonly indexDocument: Statement<[number | bigint, string]>;
  readonly unindexDocument: Statement<[number]>;
  /** The `limit` best rows for a MATCH expression: what a plain BM25 search runs. */
  readonly topRows: Statement<[string, number], ScoredRowid>;
  /** Every matching row with its BM25 score (positive), in no order. */
  readonly allRows: Statement<[string], ScoredRowid>;
  /** Rows matching an expression: a phrase's document frequency. */
  readonly countRows: Statement<[string], number>;
  readonly documentAt: Statement<[number], StoredDocumentRow>;
  readonly documentById: Statement<[string], StoredDocumentRow>;
  /** Document frequencies by phrase, valid for one collection version. */
  readonly documentFrequencies = { version: -1, byPhrase: new Map<string, number>() };

  constructor(
    db: SqliteDatabase,
    readonly id: number,
  ) {
    const docs = `c${id}_docs`;
    const fts = `c${id}_fts`;
    this.findRowid = db.prepare<[string], number>(`SELECT rowid FROM ${docs} WHERE id = ?`).pluck();
    this.insertDocument = db.prepare(`INSERT INTO ${docs} (id, title, text, metadata) VALUES (?, ?, ?, ?)`);
    this.updateDocument = db.prepare(`UPDATE ${docs} SET title = ?, text = ?, metadata = ? WHERE rowid = ?`);
    this.deleteDocument = db.prepare(`DELETE FROM ${docs} WHERE rowid = ?`);
    this.indexDocument = db.prepare(`INSERT INTO ${fts} (rowid, body) VALUES (?, ?)`);
    this.unindexDocument = db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`);
    // bm25() is negative, lower is better. Sorting outside FTS5 ("ORDER BY s LIMIT n") keeps a
    // bounded heap; FTS5's own "ORDER BY rank" sorts every match and was ~30% slower.
    this.topRows = db.prepare(
      `SELECT rowid, -bm25(${fts}) AS score FROM ${fts} WHERE ${fts} MATCH ? ORDER BY bm25(${fts}), rowid LIMIT ?`,
    );
    this.allRows = db.prepare(`SELECT rowid, -bm25(${fts}) AS score FROM ${fts} WHERE ${fts} MATCH ?`);
    this.countRows = db.prepare<[string], number>(`SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ?`).pluck();
    this.documentAt = db.prepare(`SELECT id, title, text, metadata FROM ${docs} WHERE rowid = ?`);
    this.documentById = db.prepare(`SELECT id, title, text, metadata FROM ${docs} WHERE id = ?`);
  }

  static create(db: SqliteDatabase, id: number): void {
    db.exec(`
      CREATE TABLE c${id}_docs (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        text TEXT NOT NULL,
        metadata TEXT
      );
      -- Contentless: the text lives once, in c${id}_docs; contentless_delete lets rows be
      -- deleted and replaced without handing FTS5 the old text.
      CREATE VIRTUAL TABLE c${id}_fts USING fts5(
        body, content = '', contentless_delete = 1, tokenize = 'porter unicode61'
      );`);
  }

  static drop(db: SqliteDatabase, id: number): void {
    db.exec(`DROP TABLE c${id}_fts; DROP TABLE c${id}_docs;`);
  }
}

/** The registry of collections (name → tables) and a cache of their prepared statements. */
export class CollectionRegistry {
  private readonly tables = new Map<number, CollectionTables>();
  private readonly findRow: Statement<[string], CollectionRow>;
  private readonly insertRow: Statement<[string, number]>;
  private readonly deleteRow: Statement<[number]>;
  private readonly addToCount: Statement<[number, number]>;

  constructor(private readonly db: SqliteDatabase) {
    this.findRow = db.prepare('SELECT id, documents, version FROM collections WHERE name = ?');
    this.insertRow = db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)');
    this.deleteRow = db.prepare('DELETE FROM collections WHERE id = ?');
    this.addToCount = db.prepare('UPDATE collections SET documents = documents + ?, version = version + 1 WHERE id = ?');
  }

  /** Looks the name up every time, so a collection dropped by another process is seen as gone. */
  find(name: string): FoundCollection | undefined {
    const row = this.findRow.get(name);
    return row && { tables: this.tablesOf(row.id), documents: row.documents, version: row.version };
  }

  /** Call inside a transaction, so a failed first batch leaves no empty collection behind. */
  findOrCreate(name: string): FoundCollection {
    const found = this.find(name);
    if (found) return found;
    const id = Number(this.insertRow.run(name, Date.now()).lastInsertRowid);
    CollectionTables.create(this.db, id);
    return { tables: this.tablesOf(id), documents: 0, version: 0 };
  }

  /** Records a write: the document count changes by `delta` and the version moves on. */
  recordWrite(tables: CollectionTables, delta: number): void {
    this.addToCount.run(delta, tables.id);
  }

  /** Call inside a transaction. */
  drop(name: string): boolean {
    const row = this.findRow.get(name);
    if (!row) return false;
    this.tables.delete(row.id);
    CollectionTables.drop(this.db, row.id);
    this.deleteRow.run(row.id);
    return true;
  }

  private tablesOf(id: number): CollectionTables {
    let tables = this.tables.get(id);
    if (!tables) {
      tables = new CollectionTables(this.db, id);
      this.tables.set(id, tables);
    }
    return tables;
  }
}
