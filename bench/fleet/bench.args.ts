import { CROSS_ENCODER_ARCHS, FixtureArch, isCrossEncoderArch } from '@rerank/fixture-model';

export const BENCH_PHASES = ['raw_ort', 'transformers_js', 'fleet', 'single'] as const;
export type BenchPhase = (typeof BENCH_PHASES)[number];

export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--arch ${CROSS_ENCODER_ARCHS.join('|')}] [--int8] [--out FILE]
       [--workers N] [--intra-op-threads N] [--worker-concurrency N] [--batch-tokens N]
       [--seed N] [--phases ${BENCH_PHASES.join(',')}]
  --quick               a smaller workload with the same report (under a minute)
  --arch, --int8        the fixture to run (default minilm-l6, fp32; int8 = onnx/model_quantized.onnx)
  --out FILE            also write the report as JSON
  --workers N           worker processes in the fleet (default 1)
  --intra-op-threads N  ORT_INTRA_OP_THREADS for the workers (default: the environment's, else ORT's)
  --worker-concurrency N, --batch-tokens N   WORKER_CONCURRENCY, RERANK_BATCH_TOKENS for the workers
  --seed N              workload seed (default 1)
  --phases LIST         run only these phases (default all); single: one request at a time, timed
                        at the compute bound in-process and through an idle fleet, interleaved`;

/** A command line the bench cannot act on; the message names the offending flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface BenchArgs {
  quick: boolean;
  arch: FixtureArch;
  int8: boolean;
  out?: string;
  workers: number;
  seed: number;
  phases: BenchPhase[];
  /** Worker variables set by flags (ORT_INTRA_OP_THREADS, WORKER_CONCURRENCY, RERANK_BATCH_TOKENS). */
  workerEnv: Record<string, string>;
}

const SWITCHES = ['--quick', '--int8'] as const;
const VALUED = [
  '--arch',
  '--out',
  '--workers',
  '--intra-op-threads',
  '--worker-concurrency',
  '--batch-tokens',
  '--seed',
  '--phases',
] as const;
type Flag = (typeof SWITCHES)[number] | (typeof VALUED)[number];

const WORKER_FLAGS: ReadonlyArray<[Flag, string, number, number]> = [
  ['--intra-op-threads', 'ORT_INTRA_OP_THREADS', 0, 256],
  ['--worker-concurrency', 'WORKER_CONCURRENCY', 1, 256],
  ['--batch-tokens', 'RERANK_BATCH_TOKENS', 1, 1_000_000],
];

function readFlags(argv: readonly string[]): Map<Flag, string> {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const equals = token.indexOf('=');
    const [flag, inline] = equals < 0 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
    const isSwitch = (SWITCHES as readonly string[]).includes(flag);
    if (!isSwitch && !(VALUED as readonly string[]).includes(flag)) throw new UsageError(`unknown flag ${flag}`);
    if (values.has(flag as Flag)) throw new UsageError(`${flag} given more than once`);
    if (isSwitch) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      values.set(flag as Flag, '');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value`);
    }
    values.set(flag as Flag, value);
  }
  return values;
}

function integer(flags: Map<Flag, string>, flag: Flag, min: number, max: number): number | undefined {
  const text = flags.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function phases(text: string | undefined): BenchPhase[] {
  if (text === undefined) return [...BENCH_PHASES];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(BENCH_PHASES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--phases takes a comma-separated list of ${BENCH_PHASES.join(', ')}; got "${text}"`);
  }
  return BENCH_PHASES.filter((phase) => names.includes(phase));
}

/** Parses `npm run bench` arguments. Returns 'help' for -h/--help; throws {@link UsageError} otherwise. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const flags = readFlags(argv);
  const arch = flags.get('--arch') ?? 'minilm-l6';
  if (!isCrossEncoderArch(arch)) throw new UsageError(`--arch must be one of ${CROSS_ENCODER_ARCHS.join(', ')}, got "${arch}"`);
  const workerEnv: Record<string, string> = {};
  for (const [flag, variable, min, max] of WORKER_FLAGS) {
    const value = integer(flags, flag, min, max);
    if (value !== undefined) workerEnv[variable] = String(value);
  }
  const args: BenchArgs = {
    quick: flags.has('--quick'),
    arch,
    int8: flags.has('--int8'),
    workers: integer(flags, '--workers', 1, 16) ?? 1,
    seed: integer(flags, '--seed', 0, 0xffffffff) ?? 1,
    phases: phases(flags.get('--phases')),
    workerEnv,
  };
  const out = flags.get('--out');
  if (out !== undefined) args.out = out;
  return args;
}
