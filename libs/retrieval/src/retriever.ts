import { CorpusDocument } from './corpus-document';

/** One search result, best first. */
export interface SearchHit extends CorpusDocument {
  /** The first-stage score (BM25 for the SQLite engine): higher is better. */
  score: number;
}

/**
 * First-stage retrieval over a collection. The gateway and the tools depend on this interface
 * only, so another engine (Elasticsearch/OpenSearch, Postgres) can stand in for SQLite FTS5.
 */
export interface Retriever {
  /**
   * Up to `limit` documents of `collection` for `query`, best first. The query is plain text:
   * no operator syntax is interpreted. Throws {@link CollectionNotFoundError}.
   */
  search(collection: string, query: string, limit: number): Promise<SearchHit[]>;
}

export interface UpsertSummary {
  /** Documents not in the collection before. */
  created: number;
  /** Documents that replaced one with the same id. */
  replaced: number;
  /** Documents in the collection afterwards. */
  documents: number;
}

export interface CollectionInfo {
  name: string;
  documents: number;
}

/** Writes and describes collections. Each call is atomic: it is written whole or not at all. */
export interface CollectionStore {
  /** Inserts or replaces documents by id, creating the collection on first use. */
  upsert(collection: string, documents: readonly CorpusDocument[]): Promise<UpsertSummary>;
  /** Removes one document; false when the collection has no such id. Throws {@link CollectionNotFoundError}. */
  deleteDocument(collection: string, id: string): Promise<boolean>;
  /** The collection's size, or undefined when it does not exist. */
  describe(collection: string): Promise<CollectionInfo | undefined>;
  /**
   * The documents with these ids, in the order asked; undefined where the collection has no
   * such id. Throws {@link CollectionNotFoundError}.
   */
  getDocuments(collection: string, ids: readonly string[]): Promise<(CorpusDocument | undefined)[]>;
  /** Removes a collection and its documents; false when it did not exist. */
  drop(collection: string): Promise<boolean>;
}

/** One engine's store and retriever, opened together and closed together. */
export interface RetrievalEngine {
  readonly collections: CollectionStore;
  readonly retriever: Retriever;
  close(): Promise<void>;
}
