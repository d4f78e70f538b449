import './lance-threads';
import * as lancedb from '@lancedb/lancedb';
import { Connection, Index, Table } from '@lancedb/lancedb';
import { CollectionShape, collectionSchema, shapeOf } from './collection-schema';
import { collectionOfTable, tableNameOf } from './lance-names';

/** The BM25 index (a native object used up by one build, hence a function): options that matched an independent BM25 (English stemming, stop words) on Cranfield. */
export const ftsIndex = (): Index =>
  Index.fts({
    baseTokenizer: 'simple',
    language: 'English',
    lowercase: true,
    stem: true,
    removeStopWords: true,
    asciiFolding: true,
    withPosition: false,
  });

/** A collection's open table and what its schema says about it. */
export interface OpenCollection {
  name: string;
  table: Table;
  shape: CollectionShape;
  /** Whether the BM25 and id indexes exist (they are built on the first write). */
  indexed: boolean;
  /** Whether this process searches the table, so keeps its search indexes loaded (see LanceTables.warm). */
  warm?: boolean;
}

/** Index types a search reads (the id index serves writes and lookups by id). */
const SEARCH_INDEX_TYPES = /^(FTS|Ivf|Hnsw)/i;

/**
 * The collections of one Lance database (a directory, or an object-store URI), opened once per
 * process and cached. Another process's writes reach a cached table within the connection's
 * read-consistency interval; a table another process created is opened on first use.
 */
export class LanceTables {
  private readonly open = new Map<string, OpenCollection>();
  private readonly warming = new Set<Promise<void>>();

  private constructor(
    readonly connection: Connection,
    private readonly prewarm: boolean,
    private readonly log: (message: string) => void,
  ) {}

  static async connect(
    uri: string,
    readConsistencySeconds: number,
    storageOptions?: Record<string, string>,
    prewarm = false,
    log: (message: string) => void = () => undefined,
  ): Promise<LanceTables> {
    const connection = await lancedb.connect(uri, { readConsistencyInterval: readConsistencySeconds, storageOptions });
    return new LanceTables(connection, prewarm, log);
  }

  /**
   * Loads a searched table's BM25 and vector indexes into Lance's cache, in the background, the
   * first time this process searches it. Otherwise each query loads the IVF partitions and posting
   * blocks it touches from disk on first use, and a gateway's early queries pay for it (at 500,000
   * rows: dense p50 13.6 -> 10.5 ms and p95 38.9 -> 20.7 ms warm, BM25 p50 9.4 -> 7.8 ms;
   * docs/benchmarks.md). Costs ~1 s per index build at that size and keeps the indexes in memory.
   */
  warm(found: OpenCollection): void {
    if (!this.prewarm || found.warm) return;
    found.warm = true;
    this.prewarmIndexes(found);
  }

  /** After an optimize or index build: the new index files are cold again; reloads them if the table is searched here. */
  rewarm(table: Table): void {
    const found = [...this.open.values()].find((open) => open.table === table);
    if (found?.warm) this.prewarmIndexes(found);
  }

  /** Waits for background index loads (before closing). */
  async settled(): Promise<void> {
    await Promise.all([...this.warming]);
  }

  private prewarmIndexes(found: OpenCollection): void {
    const run = (async () => {
      const indices = await found.table.listIndices();
      for (const index of indices) if (SEARCH_INDEX_TYPES.test(index.indexType)) await found.table.prewarmIndex(index.name);
    })()
      .catch((error: Error) =>
        this.log(`loading the indexes of collection ${found.name} failed (searches load them as they go): ${error.message}`),
      )
      .finally(() => this.warming.delete(run));
    this.warming.add(run);
  }

  /** The collection's table, or undefined when it does not exist. */
  async find(collection: string): Promise<OpenCollection | undefined> {
    const cached = this.open.get(collection);
    if (cached) return cached;
    let table: Table;
    try {
      table = await this.connection.openTable(tableNameOf(collection));
    } catch (error) {
      if (isMissingTable(error)) return undefined;
      throw error;
    }
    return this.remember(collection, table);
  }

  /**
   * The collection's table, created empty with `shape` when missing.
   * Two processes creating one collection at once both end up with the same table.
   */
  async findOrCreate(collection: string, shape: CollectionShape): Promise<{ found: OpenCollection; created: boolean }> {
    const existing = await this.find(collection);
    if (existing) return { found: existing, created: false };
    const name = tableNameOf(collection);
    let table: Table;
    try {
      table = await this.connection.createEmptyTable(name, collectionSchema(shape), { mode: 'create', existOk: false });
    } catch (error) {
      // Another process created it between our look and our create.
      const raced = await this.find(collection);
      if (!raced) throw error;
      return { found: raced, created: false };
    }
    return { found: await this.remember(collection, table), created: true };
  }

  /**
   * Builds the BM25 and id indexes over the rows written so far; later rows are folded in by
   * optimize(). Built after the first write rather than on the empty table: a search of a table
   * whose every row is unindexed came back unordered in lance 0.31.
   */
  async ensureIndexes(found: OpenCollection): Promise<void> {
    if (found.indexed) return;
    try {
      await found.table.createIndex('body', { config: ftsIndex(), replace: false });
      await found.table.createIndex('id', { config: Index.btree(), replace: false });
    } catch (error) {
      // Another process indexed the table first.
      if (!/already exists|conflict/i.test((error as Error).message)) throw error;
    }
    found.indexed = true;
  }

  /** Drops a collection's table; false when it did not exist. */
  async drop(collection: string): Promise<boolean> {
    this.open.delete(collection);
    try {
      await this.connection.dropTable(tableNameOf(collection));
      return true;
    } catch (error) {
      if (isMissingTable(error)) return false;
      throw error;
    }
  }

  /** Forgets a cached table, e.g. after another process dropped it. */
  forget(collection: string): void {
    this.open.get(collection)?.table.close();
    this.open.delete(collection);
  }

  /** Every collection in the database. */
  async names(): Promise<string[]> {
    const tables = await this.connection.tableNames();
    return tables.map(collectionOfTable).filter((name): name is string => name !== undefined);
  }

  close(): void {
    for (const { table } of this.open.values()) table.close();
    this.open.clear();
    this.connection.close();
  }

  private async remember(collection: string, table: Table): Promise<OpenCollection> {
    const indices = await table.listIndices();
    const found: OpenCollection = {
      name: collection,
      table,
      shape: shapeOf(await table.schema()),
      indexed: indices.some((index) => index.columns.includes('body')),
    };
    this.open.set(collection, found);
    return found;
  }
}

export function isMissingTable(error: unknown): boolean {
  return /not found|does not exist|no such file|TableNotFound/i.test((error as Error)?.message ?? '');
}
