import { COLLECTION_NAME, collectionNameRule } from '@rerank/retrieval';
import { UsageError, integerFlag, parseFlags, userPath } from '../cli/cli-args';

export const INGEST_USAGE = [
  'usage: npm run ingest -- --collection NAME [--batch 10000] FILE',
  '  FILE: a BEIR corpus.jsonl or any NDJSON of { id|_id, text, title?, metadata? }; "-" reads stdin',
].join('\n');

/**
 * Documents per Lance commit. Each commit writes a fragment and a manifest, so bulk loads go
 * faster in large batches; the gateway keeps COLLECTION_BATCH_DOCUMENTS small because a batch
 * holds its event loop.
 */
export const DEFAULT_INGEST_BATCH = 10_000;

export interface IngestArgs {
  collection: string;
  /** An absolute path, or '-' for standard input. */
  file: string;
  batch: number;
}

export function parseIngestArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): IngestArgs | 'help' {
  const parsed = parseFlags(argv, { collection: { type: 'string' }, batch: { type: 'string' } }, true);
  if (parsed === 'help') return parsed;
  const { collection } = parsed.values;
  if (collection === undefined) throw new UsageError('--collection is required');
  if (!COLLECTION_NAME.test(collection)) throw new UsageError(`${collectionNameRule('--collection')}, got "${collection}"`);
  if (parsed.positionals.length !== 1) throw new UsageError('give exactly one FILE to read');
  const [file] = parsed.positionals;
  const batch = integerFlag('batch', parsed.values.batch, DEFAULT_INGEST_BATCH, 1, 1_000_000);
  return { collection, file: file === '-' ? file : userPath(file, env), batch };
}
