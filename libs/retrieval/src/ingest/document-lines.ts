import { Readable, pipeline } from 'node:stream';
import split2 from 'split2';
import { CorpusDocument, parseCorpusDocument } from '../corpus-document';
import { DocumentLineError } from '../retrieval-errors';

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

interface NumberedLine {
  number: number;
  text: string;
}

/**
 * Reads NDJSON documents (one JSON object per line, blank lines skipped) from a stream in batches.
 * Every document of a batch is parsed and checked before the batch is yielded, so a bad line
 * throws {@link DocumentLineError} naming it and none of its batch reaches the store.
 * Reading pauses while the consumer writes a batch: memory stays bounded by one batch.
 */
export async function* readDocumentBatches(input: Readable, options: DocumentLinesOptions): AsyncGenerator<DocumentBatch> {
  let numbered = 0;
  // split2 maps lines in order as it finds them, so the count is exact even when it fails on
  // an over-long line whose earlier neighbours were never consumed.
  const splitter = split2((text: string): NumberedLine => ({ number: ++numbered, text }), { maxLength: options.maxLineLength });
  const lines = pipeline(input, splitter, () => undefined) as AsyncIterable<NumberedLine>;
  const tooLong = `is longer than ${options.maxLineLength} characters`;
  let batch: CorpusDocument[] = [];
  let firstLine = 1;
  try {
    for await (const line of lines) {
      if (line.text.length > options.maxLineLength) throw new DocumentLineError(line.number, tooLong);
      const text = line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new DocumentLineError(line.number, 'is not valid JSON');
      }
      const document = parseCorpusDocument(value);
      if (typeof document === 'string') throw new DocumentLineError(line.number, document);
      batch.push(document);
      if (batch.length >= options.batchSize) {
        yield { documents: batch, firstLine, lastLine: line.number };
        batch = [];
        firstLine = line.number + 1;
      }
    }
  } catch (error) {
    if (error instanceof Error && error.message === 'maximum buffer reached') throw new DocumentLineError(numbered + 1, tooLong);
    throw error;
  }
  if (batch.length > 0) yield { documents: batch, firstLine, lastLine: numbered };
}
