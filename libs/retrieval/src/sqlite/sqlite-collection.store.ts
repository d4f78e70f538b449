import { CorpusDocument } from '../corpus-document';
import { CollectionNotFoundError } from '../retrieval-errors';
import { CollectionInfo, CollectionStore, UpsertSummary } from '../retriever';
import { CollectionRegistry, storedDocument } from './collection-tables';
import { SqliteDatabase } from './sqlite-database';

/** What FTS5 indexes for a document: title and text in one field, as BM25 baselines do. */
function indexedBody(document: CorpusDocument): string {
  return document.title ? `${document.title}\n${document.text}` : document.text;
}

/** Collections in the deployment's SQLite file; every call runs in one transaction. */
export class SqliteCollectionStore implements CollectionStore {
  private readonly upsertAll: (collection: string, documents: readonly CorpusDocument[]) => UpsertSummary;
  private readonly deleteOne: (collection: string, id: string) => boolean;
  private readonly dropOne: (collection: string) => boolean;

  constructor(
    db: SqliteDatabase,
    private readonly registry: CollectionRegistry,
  ) {
    this.upsertAll = db.transaction((collection: string, documents: readonly CorpusDocument[]) => {
      const { tables, documents: before } = registry.findOrCreate(collection);
      let created = 0;
      for (const document of documents) {
        const title = document.title ?? null;
        const metadata = document.metadata === undefined ? null : JSON.stringify(document.metadata);
        const rowid = tables.findRowid.get(document.id);
        if (rowid === undefined) {
          const inserted = tables.insertDocument.run(document.id, title, document.text, metadata);
          tables.indexDocument.run(inserted.lastInsertRowid, indexedBody(document));
          created++;
        } else {
          tables.unindexDocument.run(rowid);
          tables.updateDocument.run(title, document.text, metadata, rowid);
          tables.indexDocument.run(rowid, indexedBody(document));
        }
      }
      registry.recordWrite(tables, created);
      return { created, replaced: documents.length - created, documents: before + created };
    });
    this.deleteOne = db.transaction((collection: string, id: string) => {
      const found = registry.find(collection);
      if (!found) throw new CollectionNotFoundError(collection);
      const rowid = found.tables.findRowid.get(id);
      if (rowid === undefined) return false;
      found.tables.unindexDocument.run(rowid);
      found.tables.deleteDocument.run(rowid);
      registry.recordWrite(found.tables, -1);
      return true;
    });
    this.dropOne = db.transaction((collection: string) => registry.drop(collection));
  }

  async upsert(collection: string, documents: readonly CorpusDocument[]): Promise<UpsertSummary> {
    return this.upsertAll(collection, documents);
  }

  async deleteDocument(collection: string, id: string): Promise<boolean> {
    return this.deleteOne(collection, id);
  }

  async describe(collection: string): Promise<CollectionInfo | undefined> {
    const found = this.registry.find(collection);
    return found && { name: collection, documents: found.documents };
  }

  async getDocuments(collection: string, ids: readonly string[]): Promise<(CorpusDocument | undefined)[]> {
    const found = this.registry.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    return ids.map((id) => {
      const row = found.tables.documentById.get(id);
      return row && storedDocument(row);
    });
  }

  async drop(collection: string): Promise<boolean> {
    return this.dropOne(collection);
  }
}
