import { Readable } from 'node:stream';
import { CorpusDocument, parseCorpusDocument } from '../corpus-document';
import { DocumentLineError } from '../retrieval-errors';
import { JsonLineError, JsonLinesReader } from './json-lines';

export interface DocumentBatch {
  documents: CorpusDocument[];
  /** Line numbers (from 1) the batch was read from, blank lines included. */
  firstLine: number;
  lastLine: number;
}

export interface DocumentLinesOptions {
  /** Documents per batch: the unit that is written whole or not at all. */
  batchSize: number;
  /** Longest line accepted, in characters; a guard against a stream that never ends a line. */
  maxLineLength: number;
}

/**
 * Reads NDJSON documents (one JSON object per line, blank lines skipped) from a stream in batches.
 * Every document of a batch is parsed and checked before the batch is yielded, so a bad line
 * throws {@link DocumentLineError} naming it and none of its batch reaches the store.
 * Reading pauses while the consumer writes a batch: memory stays bounded by one batch.
 */
export async function* readDocumentBatches(input: Readable, options: DocumentLinesOptions): AsyncGenerator<DocumentBatch> {
  const reader = new JsonLinesReader(input, options.maxLineLength);
  let batch: CorpusDocument[] = [];
  let firstLine = 1;
  try {
    for await (const { number, value } of reader.lines()) {
      const document = parseCorpusDocument(value);
      if (typeof document === 'string') throw new DocumentLineError(number, document);
      batch.push(document);
      if (batch.length >= options.batchSize) {
        yield { documents: batch, firstLine, lastLine: number };
        batch = [];
        firstLine = number + 1;
      }
    }
  } catch (error) {
    if (error instanceof JsonLineError) throw new DocumentLineError(error.line, error.problem);
    throw error;
  }
  if (batch.length > 0) yield { documents: batch, firstLine, lastLine: reader.linesRead };
}
