import { DataType, Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';
import { CorpusDocument } from '../corpus-document';

/** Schema metadata key naming the embedding model of a collection's `vector` column. */
export const EMBEDDING_MODEL_KEY = 'rerank.embedding_model';

/**
 * One row per document. `body` is what BM25 indexes: the title and the text joined by a newline
 * (one field, as BM25 baselines index them). The text is not stored a second time: it is `body`
 * after the title and its newline, which halves the table of a titled corpus.
 */
export interface DocumentRow {
  id: string;
  title: string | null;
  body: string;
  metadata: string | null;
  vector?: number[] | Float32Array | null;
}

export interface CollectionShape {
  /** The bi-encoder whose vectors the collection holds; undefined for a BM25-only collection. */
  embeddingModel?: string;
  dimensions?: number;
}

export function collectionSchema(shape: CollectionShape): Schema {
  const fields: Field<DataType>[] = [
    // Declared the (unenforced) primary key: Lance then records the keys a merge-insert adds, and
    // two writers inserting the same new id conflict instead of both committing (lance#4585).
    new Field('id', new Utf8(), false, new Map([['lance-schema:unenforced-primary-key', 'true']])),
    new Field('title', new Utf8(), true),
    new Field('body', new Utf8(), false),
    new Field('metadata', new Utf8(), true),
  ];
  const metadata = new Map<string, string>();
  if (shape.embeddingModel !== undefined && shape.dimensions !== undefined) {
    fields.push(new Field('vector', new FixedSizeList(shape.dimensions, new Field('item', new Float32(), true)), true));
    metadata.set(EMBEDDING_MODEL_KEY, shape.embeddingModel);
  }
  return new Schema(fields, metadata);
}

/** What a stored table says about its collection. */
export function shapeOf(schema: Schema): CollectionShape {
  const vector = schema.fields.find((field) => field.name === 'vector');
  const model = schema.metadata.get(EMBEDDING_MODEL_KEY);
  if (!vector || model === undefined) return {};
  return { embeddingModel: model, dimensions: (vector.type as FixedSizeList).listSize };
}

export function toRow(document: CorpusDocument, vector?: Float32Array): DocumentRow {
  const row: DocumentRow = {
    id: document.id,
    title: document.title ?? null,
    body: document.title ? `${document.title}\n${document.text}` : document.text,
    metadata: document.metadata === undefined ? null : JSON.stringify(document.metadata),
  };
  if (vector) row.vector = Array.from(vector);
  return row;
}

/** Columns read back to rebuild a document. */
export const DOCUMENT_COLUMNS = ['id', 'title', 'body', 'metadata'];

export function toDocument(row: { id: string; title: string | null; body: string; metadata: string | null }): CorpusDocument {
  const document: CorpusDocument = { id: row.id, text: row.title ? row.body.slice(row.title.length + 1) : row.body };
  if (row.title) document.title = row.title;
  if (row.metadata !== null && row.metadata !== undefined) document.metadata = JSON.parse(row.metadata) as Record<string, unknown>;
  return document;
}
