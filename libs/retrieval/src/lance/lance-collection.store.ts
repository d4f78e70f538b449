import './lance-threads';
import { makeArrowTable } from '@lancedb/lancedb';
import { Embedder } from '@rerank/contracts';
import { CorpusDocument, passageText } from '../corpus-document';
import { CollectionConflictError, CollectionNotFoundError } from '../retrieval-errors';
import { CollectionInfo, CollectionSettings, CollectionStore, UpsertSummary } from '../retriever';
import { CollectionShape, DOCUMENT_COLUMNS, StoredRow, collectionSchema, toDocument, toRow } from './collection-schema';
import { withCommitRetries } from './commit-retries';
import { IndexMaintainer } from './index-maintainer';
import { sqlString } from './lance-names';
import { LanceTables, OpenCollection } from './lance-tables';
import { embedderOrFail } from './unwired-embedder';

/** Ids per `id IN (…)` filter of getDocuments. */
const IDS_PER_FILTER = 500;

/** Collections as LanceDB tables; each call is one Lance commit, retried on a concurrent writer's conflict. */
export class LanceCollectionStore implements CollectionStore {
  constructor(
    private readonly tables: LanceTables,
    private readonly maintainer: IndexMaintainer,
    private readonly embedder: Embedder | undefined,
  ) {}

  async create(collection: string, settings: CollectionSettings): Promise<{ created: boolean; info: CollectionInfo }> {
    const existing = await this.tables.find(collection);
    if (existing) return { created: false, info: await this.sameSettings(existing, settings) };
    const shape: CollectionShape = {};
    if (settings.embeddingModel !== undefined) {
      shape.embeddingModel = settings.embeddingModel;
      shape.dimensions = await this.dimensionsOf(settings.embeddingModel);
    }
    const { found, created } = await this.tables.findOrCreate(collection, shape);
    return { created, info: created ? await this.info(found) : await this.sameSettings(found, settings) };
  }

  async upsert(collection: string, documents: readonly CorpusDocument[]): Promise<UpsertSummary> {
    if (documents.length === 0) {
      const found = await this.tables.find(collection);
      return { created: 0, replaced: 0, documents: found ? await found.table.countRows() : 0 };
    }
    const { found } = await this.tables.findOrCreate(collection, {});
    // A merge-insert refuses two source rows with one id; the last one sent wins, as in a sequence of writes.
    const latest = [...new Map(documents.map((document) => [document.id, document])).values()];
    const vectors = found.shape.embeddingModel === undefined ? undefined : await this.embed(found, latest);
    const data = makeArrowTable(
      latest.map((document, i) => toRow(document, vectors?.[i]) as unknown as Record<string, unknown>),
      { schema: collectionSchema(found.shape) },
    );
    // useIndex(false): lance 0.31's indexed merge path leaves out the inserted keys that let a
    // concurrent writer of the same new id conflict; measured, 8 racing writers left 4 copies of
    // one id with the id index used and 1 without.
    const result = await withCommitRetries(() =>
      found.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().useIndex(false).execute(data),
    );
    await this.tables.ensureIndexes(found);
    const total = await found.table.countRows();
    this.maintainer.noteWrite(collection, found.table);
    const created = result.numInsertedRows;
    return { created, replaced: documents.length - created, documents: total };
  }

  async deleteDocument(collection: string, id: string): Promise<boolean> {
    const found = await this.require(collection);
    const result = await withCommitRetries(() => found.table.delete(`id = ${sqlString(id)}`));
    if (result.numDeletedRows > 0) this.maintainer.noteWrite(collection, found.table);
    return result.numDeletedRows > 0;
  }

  async describe(collection: string): Promise<CollectionInfo | undefined> {
    const found = await this.tables.find(collection);
    return found && this.info(found);
  }

  async getDocuments(collection: string, ids: readonly string[]): Promise<(CorpusDocument | undefined)[]> {
    const found = await this.require(collection);
    const byId = new Map<string, CorpusDocument>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += IDS_PER_FILTER) {
      const chunk = unique.slice(start, start + IDS_PER_FILTER);
      const rows = (await found.table
        .query()
        .where(`id IN (${chunk.map(sqlString).join(', ')})`)
        .select(DOCUMENT_COLUMNS)
        .toArray()) as StoredRow[];
      for (const row of rows) byId.set(row.id, toDocument(row));
    }
    return ids.map((id) => byId.get(id));
  }

  async drop(collection: string): Promise<boolean> {
    this.maintainer.forget(collection);
    return this.tables.drop(collection);
  }

  /** Indexes a small collection's new rows now (see IndexMaintainer.settle); uploads end with it. */
  async settle(collection: string): Promise<void> {
    const found = await this.tables.find(collection);
    if (found) await this.maintainer.settle(collection, await found.table.countRows());
  }

  list(): Promise<string[]> {
    return this.tables.names();
  }

  private async require(collection: string): Promise<OpenCollection> {
    const found = await this.tables.find(collection);
    if (!found) throw new CollectionNotFoundError(collection);
    return found;
  }

  private async info(found: OpenCollection): Promise<CollectionInfo> {
    const info: CollectionInfo = { name: found.name, documents: await found.table.countRows() };
    if (found.shape.embeddingModel !== undefined) {
      info.embeddingModel = found.shape.embeddingModel;
      info.dimensions = found.shape.dimensions;
    }
    return info;
  }

  private async sameSettings(found: OpenCollection, settings: CollectionSettings): Promise<CollectionInfo> {
    if (found.shape.embeddingModel !== settings.embeddingModel) {
      const has = found.shape.embeddingModel === undefined ? 'no embedding model' : `embedding model "${found.shape.embeddingModel}"`;
      const asked = settings.embeddingModel === undefined ? 'none' : `"${settings.embeddingModel}"`;
      throw new CollectionConflictError(
        `collection "${found.name}" exists with ${has}; embedding_model ${asked} was asked for (drop the collection to change it)`,
      );
    }
    return this.info(found);
  }

  private async dimensionsOf(model: string): Promise<number> {
    const embedder = embedderOrFail(this.embedder);
    const reported = await embedder.dimensions(model);
    if (reported !== undefined) return reported;
    // No worker has reported the model yet: one embedding says its size (and that it is served).
    const [probe] = await embedder.embed(model, ['dimensions'], { lane: 'interactive' });
    return probe.length;
  }

  private async embed(found: OpenCollection, documents: readonly CorpusDocument[]): Promise<Float32Array[]> {
    const model = found.shape.embeddingModel as string;
    const vectors = await embedderOrFail(this.embedder).embed(model, documents.map(passageText), { lane: 'bulk' });
    const wrong = vectors.findIndex((vector) => vector.length !== found.shape.dimensions);
    if (vectors.length !== documents.length || wrong >= 0) {
      throw new Error(
        `embedding model "${model}" returned ${vectors.length} vectors (of ${vectors[wrong]?.length ?? found.shape.dimensions} dimensions) ` +
          `for ${documents.length} documents; collection "${found.name}" holds ${found.shape.dimensions}-dimensional vectors`,
      );
    }
    return vectors;
  }
}
