import { UsageError, integerFlag, parseFlags, userPath } from '../cli/cli-args';

export const EVAL_USAGE = [
  'usage: npm run eval -- --data DIR [--candidates 100] [--rerank [--gateway http://127.0.0.1:3000] [--model NAME] [--concurrency 4]]',
  '                       [--embedding-model NAME [--gateway URL]] [--out FILE.json] [--run FILE]',
  "  --embedding-model also reports dense and hybrid retrieval, the vectors computed by the gateway's POST /v1/embeddings",
  '  DIR is a BEIR-layout directory: corpus.jsonl, queries.jsonl, qrels/test.tsv',
].join('\n');

export interface EvalArgs {
  dataDir: string;
  candidates: number;
  rerank: boolean;
  gateway: string;
  model?: string;
  /** A bi-encoder the gateway serves: the corpus also gets vectors, and dense and hybrid are reported. */
  embeddingModel?: string;
  concurrency: number;
  out?: string;
  run?: string;
}

export function parseEvalArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): EvalArgs | 'help' {
  const parsed = parseFlags(argv, {
    data: { type: 'string' },
    candidates: { type: 'string' },
    rerank: { type: 'boolean' },
    gateway: { type: 'string' },
    model: { type: 'string' },
    'embedding-model': { type: 'string' },
    concurrency: { type: 'string' },
    out: { type: 'string' },
    run: { type: 'string' },
  });
  if (parsed === 'help') return parsed;
  const flags = parsed.values;
  if (flags.data === undefined) throw new UsageError('--data is required');
  const rerank = flags.rerank ?? false;
  if (!rerank) {
    for (const flag of ['model', 'concurrency'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} only applies with --rerank`);
    }
    if (flags.gateway !== undefined && flags['embedding-model'] === undefined) {
      throw new UsageError('--gateway only applies with --rerank or --embedding-model');
    }
  }
  if (flags['embedding-model'] === '') throw new UsageError('--embedding-model must not be empty');
  const gateway = (flags.gateway ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(gateway)) throw new UsageError(`--gateway must be an http(s) URL, got "${flags.gateway}"`);
  return {
    dataDir: userPath(flags.data, env),
    candidates: integerFlag('candidates', flags.candidates, 100, 1, 10_000),
    rerank,
    gateway,
    model: flags.model,
    embeddingModel: flags['embedding-model'],
    concurrency: integerFlag('concurrency', flags.concurrency, 4, 1, 64),
    out: flags.out === undefined ? undefined : userPath(flags.out, env),
    run: flags.run === undefined ? undefined : userPath(flags.run, env),
  };
}
