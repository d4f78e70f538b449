import { Index, Table } from '@lancedb/lancedb';

/** How a collection's vectors are indexed and searched; the defaults are the bench's choice (docs/benchmarks.md). */
export interface VectorIndexOptions {
  /** Below this many rows the vectors are searched exactly (brute force is fast and needs no training). */
  minRows: number;
  /** Rows per IVF partition aimed at when the index is built. */
  rowsPerPartition: number;
  /** Partitions searched per query. */
  nprobes: number;
}

export const DEFAULT_VECTOR_INDEX: VectorIndexOptions = { minRows: 20_000, rowsPerPartition: 1_000, nprobes: 4 };

/**
 * Builds the IVF_FLAT vector index once a table holds `minRows` rows; later rows are folded in by
 * optimize(). IVF_FLAT keeps full vectors in the partitions, so the only loss of recall is a
 * neighbour in an unprobed partition. (IVF_PQ answered faster but needed refinement to approach
 * the same recall; HNSW_SQ returned wrong neighbours in an earlier trial.)
 */
export async function ensureVectorIndex(table: Table, options: VectorIndexOptions): Promise<boolean> {
  const schema = await table.schema();
  if (!schema.fields.some((field) => field.name === 'vector')) return false;
  const indices = await table.listIndices();
  if (indices.some((index) => index.columns.includes('vector'))) return false;
  const rows = await table.countRows();
  if (rows < options.minRows) return false;
  const numPartitions = Math.max(1, Math.round(rows / options.rowsPerPartition));
  await table.createIndex('vector', { config: Index.ivfFlat({ distanceType: 'cosine', numPartitions }) });
  return true;
}
