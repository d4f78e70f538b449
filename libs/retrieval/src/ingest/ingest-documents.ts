import { Readable } from 'node:stream';
import { CorpusDocument } from '../corpus-document';
import { DocumentLineError } from '../retrieval-errors';
import { CollectionStore } from '../retriever';
import { DocumentLinesOptions, readDocumentBatches } from './document-lines';

export interface IngestSummary {
  /** Documents written, counting each repeat of an id. */
  upserted: number;
  created: number;
  replaced: number;
  /** Documents in the collection afterwards. */
  documents: number;
}

/** A bad line stopped an NDJSON ingest; the batches before it were written, its own was not. */
export class IngestStoppedError extends Error {
  constructor(
    readonly lineError: DocumentLineError,
    /** What was written before the bad line's batch. */
    readonly written: IngestSummary,
    /** The last line of the last written batch (0 when nothing was written). */
    readonly writtenThroughLine: number,
  ) {
    super(
      `${lineError.message}; ` +
        (written.upserted === 0
          ? 'nothing was written'
          : `the ${written.upserted} documents of lines 1-${writtenThroughLine} were written, nothing from line ${writtenThroughLine + 1} on`),
    );
    this.name = 'IngestStoppedError';
  }
}

const emptySummary = (): IngestSummary => ({ upserted: 0, created: 0, replaced: 0, documents: 0 });

/**
 * Streams NDJSON documents into a collection, one transaction per batch. `onBatch` sees the
 * running totals after every written batch (progress bars, logs).
 */
export async function ingestDocumentStream(
  store: CollectionStore,
  collection: string,
  input: Readable,
  options: DocumentLinesOptions,
  onBatch?: (total: IngestSummary) => void,
): Promise<IngestSummary> {
  const total = emptySummary();
  let writtenThroughLine = 0;
  try {
    for await (const batch of readDocumentBatches(input, options)) {
      addBatch(total, batch.documents.length, await store.upsert(collection, batch.documents));
      writtenThroughLine = batch.lastLine;
      onBatch?.(total);
    }
    if (total.upserted > 0) await store.settle(collection);
  } catch (error) {
    if (error instanceof DocumentLineError) {
      if (total.upserted > 0) await store.settle(collection);
      throw new IngestStoppedError(error, total, writtenThroughLine);
    }
    throw error;
  }
  return total;
}

/**
 * Writes documents already in memory in batches of `batchSize`, yielding to the event loop
 * between batches so a large upload does not stall other requests.
 */
export async function ingestDocuments(
  store: CollectionStore,
  collection: string,
  documents: readonly CorpusDocument[],
  batchSize: number,
): Promise<IngestSummary> {
  const total = emptySummary();
  for (let start = 0; start < documents.length; start += batchSize) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const batch = documents.slice(start, start + batchSize);
    addBatch(total, batch.length, await store.upsert(collection, batch));
  }
  if (total.upserted > 0) await store.settle(collection);
  return total;
}

function addBatch(total: IngestSummary, size: number, written: { created: number; replaced: number; documents: number }): void {
  total.upserted += size;
  total.created += written.created;
  total.replaced += written.replaced;
  total.documents = written.documents;
}
