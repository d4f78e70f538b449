import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** A command line a CLI cannot act on; the message names the offending flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

/**
 * node:util's parseArgs in strict mode, with its errors turned into UsageErrors and `-h/--help`
 * reported as 'help'.
 */
export function parseFlags<T extends FlagSpec>(argv: readonly string[], flags: T, allowPositionals = false) {
  if (argv.includes('--help') || argv.includes('-h')) return 'help' as const;
  try {
    return parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Parses a whole number flag within bounds, naming the flag when it is not one. */
export function integerFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

/**
 * `npm run` starts scripts in the package root; paths a user typed are relative to where they
 * typed them, which npm passes as INIT_CWD.
 */
export function userPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

/** Runs a CLI's main, setting the exit code; usage errors print the usage and exit 2. */
export function runCli(name: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\n${usage}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
