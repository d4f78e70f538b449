import { UsageError, integerFlag, parseFlags, userPath } from '../cli/cli-args';

export const EVAL_USAGE = [
  'usage: npm run eval -- --data DIR [--candidates 100] [--rerank [--gateway http://127.0.0.1:3000] [--model NAME] [--concurrency 4]]',
  '                       [--out FILE.json] [--run FILE]',
  '  DIR is a BEIR-layout directory: corpus.jsonl, queries.jsonl, qrels/test.tsv',
].join('\n');

export interface EvalArgs {
  dataDir: string;
  candidates: number;
  rerank: boolean;
  gateway: string;
  model?: string;
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
    concurrency: { type: 'string' },
    out: { type: 'string' },
    run: { type: 'string' },
  });
  if (parsed === 'help') return parsed;
  const flags = parsed.values;
  if (flags.data === undefined) throw new UsageError('--data is required');
  const rerank = flags.rerank ?? false;
  if (!rerank) {
    for (const flag of ['gateway', 'model', 'concurrency'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} only applies with --rerank`);
    }
  }
  const gateway = (flags.gateway ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(gateway)) throw new UsageError(`--gateway must be an http(s) URL, got "${flags.gateway}"`);
  return {
    dataDir: userPath(flags.data, env),
    candidates: integerFlag('candidates', flags.candidates, 100, 1, 10_000),
    rerank,
    gateway,
    model: flags.model,
    concurrency: integerFlag('concurrency', flags.concurrency, 4, 1, 64),
    out: flags.out === undefined ? undefined : userPath(flags.out, env),
    run: flags.run === undefined ? undefined : userPath(flags.run, env),
  };
}
