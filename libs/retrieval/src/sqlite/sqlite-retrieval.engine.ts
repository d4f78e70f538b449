import { RetrievalEngine } from '../retriever';
import { CollectionRegistry } from './collection-tables';
import { SqliteBm25Retriever } from './sqlite-bm25.retriever';
import { SqliteCollectionStore } from './sqlite-collection.store';
import { openSqliteDatabase } from './sqlite-database';

/** The embedded engine: one SQLite file under DATA_DIR, an FTS5 index per collection. */
export class SqliteRetrievalEngine implements RetrievalEngine {
  private constructor(
    readonly collections: SqliteCollectionStore,
    readonly retriever: SqliteBm25Retriever,
    private readonly closeDatabase: () => void,
  ) {}

  static open(dataDir: string): SqliteRetrievalEngine {
    const db = openSqliteDatabase(dataDir);
    const registry = new CollectionRegistry(db);
    return new SqliteRetrievalEngine(new SqliteCollectionStore(db, registry), new SqliteBm25Retriever(registry), () => db.close());
  }

  async close(): Promise<void> {
    this.closeDatabase();
  }
}
