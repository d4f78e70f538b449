import { UsageError, integerFlag, parseFlags, userPath } from '../cli/cli-args';

export const RESCORE_USAGE = [
  'usage: npm run rescore -- IN.jsonl --out OUT [--trec] [--model NAME] [--top-n N] [--url http://127.0.0.1:3000] [--api-key KEY]',
  '       npm run rescore -- --attach JOB_ID --out OUT [--trec] [--url …] [--api-key KEY]',
  '  IN.jsonl: one query per line, { "query_id", "query", "candidates": [{ "id", "text" }] }, or with "collection"',
  '  (see docs/bulk-jobs.md). OUT gets NDJSON results, or a TREC run file with --trec.',
  '  --attach follows a job submitted before (its id is printed on submit) and downloads its results.',
  '  The API key may also come from RERANK_API_KEY.',
].join('\n');

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface RescoreArgs {
  /** The upload to submit; undefined with `attach`. */
  input?: string;
  /** A job submitted before, to follow instead of submitting. */
  attach?: string;
  out: string;
  format: 'ndjson' | 'trec';
  model?: string;
  topN?: number;
  url: string;
  apiKey?: string;
}

export function parseRescoreArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): RescoreArgs | 'help' {
  const parsed = parseFlags(
    argv,
    {
      out: { type: 'string' },
      trec: { type: 'boolean' },
      model: { type: 'string' },
      'top-n': { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      attach: { type: 'string' },
    },
    true,
  );
  if (parsed === 'help') return parsed;
  const { values: flags, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.length}: ${positionals.join(' ')}`);
  const [input] = positionals;
  if (flags.attach !== undefined) {
    if (input !== undefined) throw new UsageError('give either an input file or --attach JOB_ID, not both');
    if (!JOB_ID.test(flags.attach))
      throw new UsageError(`--attach must be a job id (1 to 64 letters, digits, "_" or "-"), got "${flags.attach}"`);
    for (const flag of ['model', 'top-n'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} is set when a job is submitted; it does not apply with --attach`);
    }
  } else if (input === undefined) {
    throw new UsageError('an input file (IN.jsonl) or --attach JOB_ID is required');
  }
  if (flags.out === undefined) throw new UsageError('--out is required');
  const url = (flags.url ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${flags.url}"`);
  if (flags.model === '') throw new UsageError('--model must not be empty');
  return {
    input: input === undefined ? undefined : userPath(input, env),
    attach: flags.attach,
    out: userPath(flags.out, env),
    format: flags.trec ? 'trec' : 'ndjson',
    model: flags.model,
    topN: flags['top-n'] === undefined ? undefined : integerFlag('top-n', flags['top-n'], 0, 1, 1_000_000),
    url,
    apiKey: flags['api-key'] ?? (env.RERANK_API_KEY || undefined),
  };
}
