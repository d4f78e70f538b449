import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { loadRetrievalConfig } from '@rerank/config';
import { IngestStoppedError, engineOptionsOf, ingestDocumentStream, openRetrievalEngine } from '@rerank/retrieval';
import { runCli } from '../cli/cli-args';
import { formatCount, progressBar } from '../cli/progress';
import { INGEST_USAGE, parseIngestArgs } from './ingest.args';

/** Longest corpus line accepted: far above any real passage, low enough to stop a runaway line. */
const MAX_LINE_LENGTH = 64 * 1024 * 1024;

/** `npm run ingest`: streams an NDJSON corpus into a collection (DATA_DIR/lance or COLLECTIONS_URI). */
async function main(): Promise<number> {
  const args = parseIngestArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  const config = loadRetrievalConfig();
  const fromStdin = args.file === '-';
  const bytes = fromStdin ? 0 : (await stat(args.file)).size;
  const input: Readable = fromStdin ? process.stdin : createReadStream(args.file);
  const engine = await openRetrievalEngine(engineOptionsOf(config));
  const bar = progressBar(`ingest ${args.collection}`, bytes, 'bytes');
  const started = performance.now();
  try {
    const summary = await ingestDocumentStream(
      engine.collections,
      args.collection,
      input,
      { batchSize: args.batch, maxLineLength: MAX_LINE_LENGTH },
      () => bar.update((input as { bytesRead?: number }).bytesRead ?? 0),
    );
    bar.update(bytes);
    bar.stop();
    // The index covers every row before the command says it is done.
    await engine.flush();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `ingested ${formatCount(summary.upserted)} documents into "${args.collection}" in ${seconds.toFixed(1)} s: ` +
        `${formatCount(summary.upserted / Math.max(seconds, 1e-9))} docs/s ` +
        `(${formatCount(summary.created)} new, ${formatCount(summary.replaced)} replaced; the collection holds ${formatCount(summary.documents)})\n`,
    );
    return 0;
  } catch (error) {
    bar.stop();
    if (error instanceof IngestStoppedError) {
      process.stderr.write(`ingest: ${fromStdin ? 'stdin' : args.file} ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await engine.close();
  }
}

runCli('ingest', INGEST_USAGE, main);
