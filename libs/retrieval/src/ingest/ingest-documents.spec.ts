import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DocumentLineError } from '../retrieval-errors';
import { RetrievalEngine } from '../retriever';
import { openRetrievalEngine } from '../retrieval-engine';
import { readDocumentBatches } from './document-lines';
import { IngestStoppedError, ingestDocumentStream, ingestDocuments } from './ingest-documents';

const line = (id: number, text = `document ${id}`) => JSON.stringify({ id: `d${id}`, text });
/** A stream that delivers the text in small chunks, so lines straddle chunk boundaries. */
const streamOf = (text: string) => Readable.from(text.match(/[\s\S]{1,7}/g) ?? []);

async function collect(text: string, batchSize = 2, maxLineLength = 1000) {
  const batches = [];
  for await (const batch of readDocumentBatches(streamOf(text), { batchSize, maxLineLength })) batches.push(batch);
  return batches;
}

describe('readDocumentBatches', () => {
  it('yields batches with their line numbers, skipping blank lines and a BOM', async () => {
    const batches = await collect(`\uFEFF${line(1)}\n\n${line(2)}\r\n${line(3)}\n  \n`);
    expect(batches.map((b) => [b.documents.map((d) => d.id), b.firstLine, b.lastLine])).toEqual([
      [['d1', 'd2'], 1, 3],
      [['d3'], 4, 5],
    ]);
  });

  it('names the line of invalid JSON or an invalid document', async () => {
    await expect(collect(`${line(1)}\n{"id": "x", "text": \n`)).rejects.toEqual(new DocumentLineError(2, 'is not valid JSON'));
    await expect(collect(`${line(1)}\n\n{"id": "x"}\n`)).rejects.toEqual(new DocumentLineError(3, '"text" must be a string'));
  });

  it('names a line longer than the limit, however the stream is chunked', async () => {
    const long = line(9, 'x'.repeat(200));
    await expect(collect(`${line(1)}\n${long}\n`, 10, 100)).rejects.toEqual(new DocumentLineError(2, 'is longer than 100 characters'));
    const unending = Readable.from([`${line(1)}\n${line(2)}\n`, 'y'.repeat(500)]);
    const reading = (async () => {
      for await (const _ of readDocumentBatches(unending, { batchSize: 10, maxLineLength: 100 }));
    })();
    await expect(reading).rejects.toEqual(new DocumentLineError(3, 'is longer than 100 characters'));
  });
});

describe('ingestDocumentStream', () => {
  let dataDir: string;
  let engine: RetrievalEngine;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ingest-spec-'));
    engine = await openRetrievalEngine({ dataDir });
  });

  afterEach(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every batch and reports the totals', async () => {
    const text = [1, 2, 3, 4, 5].map((i) => line(i)).join('\n') + `\n${line(2, 'document two again')}\n`;
    const progress: number[] = [];
    const summary = await ingestDocumentStream(engine.collections, 'c', streamOf(text), { batchSize: 2, maxLineLength: 1000 }, (total) =>
      progress.push(total.upserted),
    );
    expect(summary).toEqual({ upserted: 6, created: 5, replaced: 1, documents: 5 });
    expect(progress).toEqual([2, 4, 6]);
  });

  it('stops at a bad line: earlier batches are written, nothing of its own batch is', async () => {
    const lines = [line(1), line(2), line(3), line(4), line(5), '{"id": "d6", "text": 6}', line(7)];
    const ingest = ingestDocumentStream(engine.collections, 'c', streamOf(lines.join('\n')), { batchSize: 4, maxLineLength: 1000 });
    const error: IngestStoppedError = await ingest.then(
      () => Promise.reject(new Error('ingest should have failed')),
      (caught: IngestStoppedError) => caught,
    );
    expect(error).toBeInstanceOf(IngestStoppedError);
    expect(error.lineError.line).toBe(6);
    expect(error.message).toBe('line 6: "text" must be a string; the 4 documents of lines 1-4 were written, nothing from line 5 on');
    expect(await engine.collections.describe('c')).toEqual({ name: 'c', documents: 4 });
    expect(await engine.retriever.search('c', 'document', 10)).toHaveLength(4);
  });

  it('writes nothing, and makes no collection, when the first batch has a bad line', async () => {
    const ingest = ingestDocumentStream(engine.collections, 'c', streamOf(`${line(1)}\nnot json\n`), {
      batchSize: 10,
      maxLineLength: 1000,
    });
    await expect(ingest).rejects.toThrow('line 2: is not valid JSON; nothing was written');
    expect(await engine.collections.describe('c')).toBeUndefined();
  });
});

describe('ingestDocuments', () => {
  it('writes documents in memory in batches', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ingest-spec-'));
    const engine = await openRetrievalEngine({ dataDir });
    try {
      const documents = Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, text: `text ${i}` }));
      expect(await ingestDocuments(engine.collections, 'c', documents, 2)).toEqual({ upserted: 5, created: 5, replaced: 0, documents: 5 });
    } finally {
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
