import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The one database file of a deployment, under DATA_DIR. */
export const DATABASE_FILE = 'collections.db';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) `DATA_DIR/collections.db` in WAL mode, so searches read while a
 * batch is being written, by this process or by the ingest CLI. Fails with a clear message when
 * the directory is not writable or the bundled SQLite lacks FTS5.
 */
export function openSqliteDatabase(dataDir: string): SqliteDatabase {
  const path = join(dataDir, DATABASE_FILE);
  let db: SqliteDatabase;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new Error(`cannot open the collections database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (!db.prepare("SELECT sqlite_compileoption_used('ENABLE_FTS5')").pluck().get()) {
      throw new Error('the SQLite bundled with better-sqlite3 was built without FTS5');
    }
    // Set first: a second process opening the file waits for the first instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses at most the last transactions on power loss, never the database.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // IMMEDIATE: gateways starting together on one file take turns, so only one adds a column.
    db.transaction(() => createSchema(db)).immediate();
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function createSchema(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    documents INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  )`);
  // Files made before collections had a version (it invalidates cached document frequencies).
  const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('collections')").pluck().all();
  if (!columns.includes('version')) db.exec('ALTER TABLE collections ADD COLUMN version INTEGER NOT NULL DEFAULT 0');
}
