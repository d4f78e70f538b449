import { ChildProcess, spawn } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export type FleetRole = 'gateway' | 'worker';

/** Where the compiled apps are, whether this file runs compiled (dist/tools/fleet) or from source. */
export function distRoot(): string {
  const twoUp = resolve(__dirname, '..', '..');
  return basename(twoUp) === 'dist' ? twoUp : join(twoUp, 'dist');
}

export function entryPointOf(role: FleetRole): string {
  return join(distRoot(), 'apps', role, 'src', 'main.js');
}

export interface FleetProcessOptions {
  env: NodeJS.ProcessEnv;
  /** Called with every output line, e.g. to echo it with a prefix. */
  onLine?: (line: string) => void;
}

/** One gateway or worker process of the fleet, with its output kept for error messages. */
export class FleetProcess {
  private readonly lines: string[] = [];
  private readonly watchers = new Set<(line: string) => void>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly role: FleetRole,
    readonly child: ChildProcess,
    onLine?: (line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
        onLine?.(line);
        for (const watcher of this.watchers) watcher(line);
      });
    }
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done(signal ? null : code)));
  }

  static start(role: FleetRole, options: FleetProcessOptions): FleetProcess {
    const child = spawn(process.execPath, [entryPointOf(role)], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new FleetProcess(role, child, options.onLine);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  /** Resolves with the first output line matching `pattern`; rejects if the process exits or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolvePromise, reject) => {
      const finish = (error?: Error, line?: string) => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
        if (error) reject(error);
        else resolvePromise(line as string);
      };
      const watcher = (line: string) => pattern.test(line) && finish(undefined, line);
      const timer = setTimeout(
        () => finish(new Error(`${this.role} printed no line matching ${pattern} within ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
      this.watchers.add(watcher);
      // `exited` never rejects; finish() after the line was seen is a no-op.
      void this.exited.then((code) => finish(new Error(`${this.role} exited (code ${code}) before ${pattern}:\n${this.output}`)));
    });
  }

  /** Signals the process and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export const READY_LINE: Record<FleetRole, RegExp> = {
  gateway: /gateway listening/,
  worker: /worker ready/,
};
