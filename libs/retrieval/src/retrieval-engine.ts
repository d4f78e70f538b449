import { RetrievalEngine } from './retriever';
import { SqliteRetrievalEngine } from './sqlite/sqlite-retrieval.engine';

export interface RetrievalEngineOptions {
  /** Directory of the embedded engine's database file (DATA_DIR). */
  dataDir: string;
}

/**
 * Opens the deployment's retrieval engine. Only the embedded SQLite/FTS5 engine exists today;
 * another engine is chosen here, behind the same interfaces, without touching the gateway.
 */
export function openRetrievalEngine(options: RetrievalEngineOptions): RetrievalEngine {
  return SqliteRetrievalEngine.open(options.dataDir);
}
