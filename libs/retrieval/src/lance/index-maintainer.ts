import { Table } from '@lancedb/lancedb';

export interface IndexMaintainerOptions {
  /** Quiet time after the last write before the table is optimized. */
  delayMs: number;
  /** Longest a written table waits for its optimize during a steady stream of writes. */
  maxDelayMs: number;
  /**
   * Tables up to this many rows are optimized when an upload ends (settle): it costs little there,
   * and rows not yet in the index are scored with statistics of their own, so a small
   * collection's BM25 order right after an upload would otherwise differ from the settled one.
   */
  inlineMaxRows: number;
  /** Runs after compaction, e.g. to build a vector index once the table is large enough. */
  afterOptimize?: (table: Table) => Promise<void>;
  log: (message: string) => void;
}

interface Pending {
  table: Table;
  firstWrite: number;
  timer: NodeJS.Timeout;
}

/**
 * Rows written after an index build are found, but read without the index until `optimize()`
 * folds them in (and every write adds a small fragment for compaction to merge). Optimizing after
 * each write would cost more than the write during an ingest (1-4 s per optimize at 100K rows,
 * measured), so writes to a large table are debounced: it is
 * optimized `delayMs` after its last write, or `maxDelayMs` after its first unoptimized one.
 * One optimize per table runs at a time; a failure (a concurrent writer's conflict) is logged and
 * retried on the next write or at flush.
 */
export class IndexMaintainer {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: IndexMaintainerOptions) {}

  /** At the end of an upload: optimizes a small table's pending writes now; a large one's stay scheduled. */
  async settle(key: string, rows: number): Promise<void> {
    if (rows <= this.options.inlineMaxRows && this.pending.has(key)) await this.run(key);
  }

  noteWrite(key: string, table: Table): void {
    const now = Date.now();
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing.timer);
    const firstWrite = existing?.firstWrite ?? now;
    const wait = Math.max(0, Math.min(this.options.delayMs, firstWrite + this.options.maxDelayMs - now));
    const timer = setTimeout(() => void this.run(key), wait);
    timer.unref();
    this.pending.set(key, { table, firstWrite, timer });
  }

  /** Forgets a table (dropped). */
  forget(key: string): void {
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing.timer);
    this.pending.delete(key);
  }

  /** Optimizes every table written since its last optimize, now, and waits for all to finish. */
  async flush(): Promise<void> {
    const keys = [...this.pending.keys()];
    await Promise.all([...keys.map((key) => this.run(key)), ...this.running.values()]);
  }

  private async run(key: string): Promise<void> {
    const previous = this.running.get(key);
    if (previous) await previous;
    const pending = this.pending.get(key);
    // Another caller waiting on the same previous run took the pending write: wait for its run, so
    // a flush never returns while the optimize of the last write is still going.
    if (!pending) return this.running.get(key);
    clearTimeout(pending.timer);
    this.pending.delete(key);
    const run = this.optimize(key, pending.table).finally(() => this.running.delete(key));
    this.running.set(key, run);
    await run;
  }

  private async optimize(key: string, table: Table): Promise<void> {
    try {
      await table.optimize();
      await this.options.afterOptimize?.(table);
    } catch (error) {
      this.options.log(`optimizing table ${key} failed, left for the next write: ${(error as Error).message}`);
    }
  }
}
