import { FIXTURE_ARCHS, FixtureArch, isFixtureArch } from './bert-architectures';

export const FIXTURE_MODEL_USAGE =
  `usage: npm run fixture:model -- --arch ${FIXTURE_ARCHS.join('|')} --out DIR [--seed N] [--int8]\n` +
  '  --int8  also write onnx/model_quantized.onnx (dense layers dynamically quantized to int8)';

/** A command line the fixture-model CLI cannot act on; the message names the offending flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FixtureModelArgs {
  arch: FixtureArch;
  outDir: string;
  seed?: number;
  int8?: true;
}

const FLAGS = ['--arch', '--out', '--seed', '--int8'] as const;
type Flag = (typeof FLAGS)[number];
/** Flags that take no value: present means on. */
const SWITCHES: readonly Flag[] = ['--int8'];

function isFlag(value: string): value is Flag {
  return (FLAGS as readonly string[]).includes(value);
}

function readFlags(argv: readonly string[]): Map<Flag, string> {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const equals = token.indexOf('=');
    const [flag, inline] = equals < 0 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
    if (!isFlag(flag)) throw new UsageError(`unknown flag ${flag}`);
    if (values.has(flag)) throw new UsageError(`${flag} given more than once`);
    if (SWITCHES.includes(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      values.set(flag, '');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value`);
    }
    values.set(flag, value);
  }
  return values;
}

/**
 * Parses the fixture-model CLI arguments (`--flag value` or `--flag=value`). Returns 'help'
 * for -h/--help; throws {@link UsageError} naming the bad flag otherwise.
 */
export function parseFixtureModelArgs(argv: readonly string[]): FixtureModelArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const flags = readFlags(argv);

  const arch = flags.get('--arch');
  if (arch === undefined) throw new UsageError('--arch is required');
  if (!isFixtureArch(arch)) throw new UsageError(`--arch must be one of ${FIXTURE_ARCHS.join(', ')}, got "${arch}"`);

  const outDir = flags.get('--out');
  if (outDir === undefined) throw new UsageError('--out is required');

  const args: FixtureModelArgs = { arch, outDir };
  if (flags.has('--int8')) args.int8 = true;
  const seedText = flags.get('--seed');
  if (seedText === undefined) return args;
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || seed > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${seedText}"`);
  }
  return { ...args, seed };
}
