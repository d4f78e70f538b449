import { FIXTURE_ARCHS, FixtureArch, isFixtureArch } from '@rerank/fixture-model';
import { integerFlag, parseFlags, UsageError, userPath } from '../../tools/cli/cli-args';

export const OVERHEAD_USAGE = `usage: npm run bench:overhead -- [--arch ${FIXTURE_ARCHS.join('|')}] [--requests N] [--warmup N] [--documents N]
       [--concurrency N] [--intra-op-threads N] [--tokenizer-threads N|auto] [--seed N] [--out FILE]
  --arch                the fixture the worker runs (default tiny: a near-free forward pass, so
                        what is left is the fleet's own CPU work per pair)
  --requests N          /v1/rerank calls measured (default 300)
  --warmup N            calls sent first at the same concurrency, not measured (default 300): the
                        processes' JIT compilation and first allocations are a start-up cost, not a
                        per-pair one; the report shows the gateway's CPU over them separately
  --documents N         documents per call (default 100)
  --concurrency N       calls in flight (default 8)
  --intra-op-threads N  ORT_INTRA_OP_THREADS for the worker (default 1: the forward pass on one thread)
  --tokenizer-threads   WORKER_TOKENIZER_THREADS for the worker (default auto; 0 tokenizes on its event loop)
  --seed N              workload seed (default 1)
  --out FILE            also write the report as JSON`;

export interface OverheadArgs {
  arch: FixtureArch;
  requests: number;
  warmup: number;
  documents: number;
  concurrency: number;
  intraOpThreads: number;
  /** WORKER_TOKENIZER_THREADS as given: 'auto' or a count. */
  tokenizerThreads: string;
  seed: number;
  out?: string;
}

export function parseOverheadArgs(argv: readonly string[]): OverheadArgs | 'help' {
  const parsed = parseFlags(argv, {
    arch: { type: 'string' },
    requests: { type: 'string' },
    warmup: { type: 'string' },
    documents: { type: 'string' },
    concurrency: { type: 'string' },
    'intra-op-threads': { type: 'string' },
    'tokenizer-threads': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  });
  if (parsed === 'help') return 'help';
  const { values } = parsed;
  const arch = values.arch ?? 'tiny';
  if (!isFixtureArch(arch)) throw new UsageError(`--arch must be one of ${FIXTURE_ARCHS.join(', ')}, got "${arch}"`);
  return {
    arch,
    requests: integerFlag('requests', values.requests, 300, 1, 1_000_000),
    warmup: integerFlag('warmup', values.warmup, 300, 1, 1_000_000),
    documents: integerFlag('documents', values.documents, 100, 1, 10_000),
    concurrency: integerFlag('concurrency', values.concurrency, 8, 1, 1024),
    intraOpThreads: integerFlag('intra-op-threads', values['intra-op-threads'], 1, 0, 256),
    tokenizerThreads:
      values['tokenizer-threads'] === undefined || values['tokenizer-threads'] === 'auto'
        ? 'auto'
        : String(integerFlag('tokenizer-threads', values['tokenizer-threads'], 0, 0, 256)),
    seed: integerFlag('seed', values.seed, 1, 0, 2 ** 31),
    ...(values.out === undefined ? {} : { out: userPath(values.out) }),
  };
}
