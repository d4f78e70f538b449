import './lance-threads';
import { Embedder } from '@rerank/contracts';
import { RetrievalEngine } from '../retriever';
import { CollectionNotFoundError } from '../retrieval-errors';
import { IndexMaintainer } from './index-maintainer';
import { LanceCollectionStore } from './lance-collection.store';
import { LanceTables } from './lance-tables';
import { LanceRetriever } from './lance.retriever';
import { DEFAULT_VECTOR_INDEX, VectorIndexOptions, ensureVectorIndex } from './vector-index.policy';

export interface LanceEngineOptions {
  /** A directory, or an object-store URI (`s3://bucket/prefix`). */
  uri: string;
  /**
   * Seconds after which a read checks for other processes' writes: the bound on how stale a
   * gateway's view of a collection another gateway wrote can be. 0 checks on every read.
   */
  readConsistencySeconds: number;
  /** Object-store settings (credentials, region, endpoint), passed to Lance as they are. */
  storageOptions?: Record<string, string>;
  /** Computes document and query vectors for collections with an embedding model. */
  embedder?: Embedder;
  /** Quiet time after writes before a table is optimized (its new rows indexed). */
  optimizeDelayMs?: number;
  optimizeMaxDelayMs?: number;
  /** Tables up to this many rows are optimized before a write returns (default 10,000). */
  inlineOptimizeMaxRows?: number;
  vectorIndex?: Partial<VectorIndexOptions>;
  /** Load a collection's search indexes into memory when this process first searches it (see LanceTables.warm); default false. */
  prewarmIndexes?: boolean;
  log?: (message: string) => void;
}

/** The LanceDB first stage: one table per collection, BM25, vectors and hybrid search. */
export class LanceRetrievalEngine implements RetrievalEngine {
  private constructor(
    readonly collections: LanceCollectionStore,
    readonly retriever: LanceRetriever,
    private readonly tables: LanceTables,
    private readonly maintainer: IndexMaintainer,
  ) {}

  static async open(options: LanceEngineOptions): Promise<LanceRetrievalEngine> {
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    const vectorIndex = { ...DEFAULT_VECTOR_INDEX, ...options.vectorIndex };
    let tables: LanceTables;
    try {
      tables = await LanceTables.connect(
        options.uri,
        options.readConsistencySeconds,
        options.storageOptions,
        options.prewarmIndexes ?? false,
        log,
      );
    } catch (error) {
      throw new Error(`cannot open the collections store ${options.uri}: ${(error as Error).message}`, { cause: error });
    }
    const maintainer = new IndexMaintainer({
      delayMs: options.optimizeDelayMs ?? 1_000,
      maxDelayMs: options.optimizeMaxDelayMs ?? 30_000,
      inlineMaxRows: options.inlineOptimizeMaxRows ?? 10_000,
      afterOptimize: async (table) => {
        if (await ensureVectorIndex(table, vectorIndex)) log(`built the vector index of table ${table.name}`);
        tables.rewarm(table);
      },
      log,
    });
    return new LanceRetrievalEngine(
      new LanceCollectionStore(tables, maintainer, options.embedder),
      new LanceRetriever(tables, options.embedder, vectorIndex),
      tables,
      maintainer,
    );
  }

  /** Builds a collection's vector index now (benchmarks; a gateway builds it on its own once large enough). */
  async buildVectorIndex(collection: string, options: Partial<VectorIndexOptions> = {}): Promise<boolean> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    const built = await ensureVectorIndex(found.table, { ...DEFAULT_VECTOR_INDEX, ...options });
    if (built) this.tables.rewarm(found.table);
    return built;
  }

  /** Loads a collection's search indexes now and waits (benchmarks measure warm, as a gateway runs once its first searches started the load). */
  async prewarm(collection: string): Promise<void> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    this.tables.warm(found);
    await this.tables.settled();
  }

  /** Optimizes every table written since its last optimize, and waits for any index loading it started. */
  async flush(): Promise<void> {
    await this.maintainer.flush();
    await this.tables.settled();
  }

  async close(): Promise<void> {
    // Index what was written, so the next process starts with every row indexed.
    await this.maintainer.flush();
    await this.tables.settled();
    this.tables.close();
  }
}
