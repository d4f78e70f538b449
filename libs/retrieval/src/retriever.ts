import { CorpusDocument } from './corpus-document';

/** How a search finds its candidates: BM25, bi-encoder vectors, or both fused by reciprocal rank. */
export type RetrievalMode = 'bm25' | 'dense' | 'hybrid';

export const RETRIEVAL_MODES: readonly RetrievalMode[] = ['bm25', 'dense', 'hybrid'];

/** Where one stage ranked a hit. */
export interface StageHit {
  /** From 1. */
  rank: number;
  /** BM25 for the bm25 stage; cosine similarity for the dense stage. Higher is better. */
  score: number;
}

/** One search result, best first. */
export interface SearchHit extends CorpusDocument {
  /**
   * The score the hits are ordered by: BM25 for a bm25 search, cosine similarity for a dense
   * one, the reciprocal-rank-fusion score for a hybrid one. Higher is better.
   */
  score: number;
  /** The stages that found the hit, with their rank and score. */
  stages: { bm25?: StageHit; dense?: StageHit };
}

export interface SearchOptions {
  /** Default: hybrid when the collection holds vectors, else bm25. */
  retrieval?: RetrievalMode;
  /** Candidates each stage of a hybrid search contributes before fusion (default: the limit). */
  candidatesPerStage?: number;
  /** The k of reciprocal rank fusion, 1 / (k + rank) (default 60). */
  rrfK?: number;
  /** Epoch ms after which the query's embedding is no longer wanted. */
  deadline?: number;
  requestId?: string;
}

/**
 * First-stage retrieval over a collection. The gateway and the tools depend on this interface
 * only, so another engine can stand in for LanceDB.
 */
export interface Retriever {
  /**
   * Up to `limit` documents of `collection` for `query`, best first. The query is plain text:
   * no operator syntax is interpreted. Throws {@link CollectionNotFoundError}, and
   * {@link RetrievalRequestError} for a dense or hybrid search of a collection without vectors.
   */
  search(collection: string, query: string, limit: number, options?: SearchOptions): Promise<SearchHit[]>;
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
  /** The bi-encoder the collection's vectors come from; absent for a BM25-only collection. */
  embeddingModel?: string;
  /** The vectors' size, with `embeddingModel`. */
  dimensions?: number;
}

export interface CollectionSettings {
  /** A bi-encoder served by the fleet: every document then gets a vector from it. */
  embeddingModel?: string;
}

/** Writes and describes collections. Each call is atomic: it is written whole or not at all. */
export interface CollectionStore {
  /**
   * Creates an empty collection with these settings; when it exists with the same settings,
   * returns it unchanged (`created` false). Throws {@link CollectionConflictError} when it exists
   * with other settings.
   */
  create(collection: string, settings: CollectionSettings): Promise<{ created: boolean; info: CollectionInfo }>;
  /**
   * Inserts or replaces documents by id, creating a BM25-only collection on first use. In a
   * collection with an embedding model, the documents' vectors are computed first (on the bulk
   * lane); when that fails nothing is written.
   */
  upsert(collection: string, documents: readonly CorpusDocument[]): Promise<UpsertSummary>;
  /** Removes one document; false when the collection has no such id. Throws {@link CollectionNotFoundError}. */
  deleteDocument(collection: string, id: string): Promise<boolean>;
  /** The collection's size and settings, or undefined when it does not exist. */
  describe(collection: string): Promise<CollectionInfo | undefined>;
  /**
   * The documents with these ids, in the order asked; undefined where the collection has no
   * such id. Throws {@link CollectionNotFoundError}.
   */
  getDocuments(collection: string, ids: readonly string[]): Promise<(CorpusDocument | undefined)[]>;
  /** Removes a collection and its documents; false when it did not exist. */
  drop(collection: string): Promise<boolean>;
  /** Every collection's name. */
  list(): Promise<string[]>;
  /**
   * Called when an upload is done: brings a small collection's index up to date before the
   * answer, so BM25 statistics are settled; a large one's index catches up within the optimize delay.
   */
  settle(collection: string): Promise<void>;
}

/** One engine's store and retriever, opened together and closed together. */
export interface RetrievalEngine {
  readonly collections: CollectionStore;
  readonly retriever: Retriever;
  /** Brings every index up to date with the writes so far (an ingest's last step). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
