import { readFile } from 'node:fs/promises';

/** `VmRSS` of a /proc/<pid>/status text, in bytes; null when the line is missing (a zombie has none). */
export function parseVmRssBytes(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** RSS of a process on this host, from /proc; throws, naming the pid, when it cannot be read. */
export async function procRssBytes(pid: number): Promise<number> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read /proc/${pid}/status (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is ${pid} a process on this host?`,
    );
  }
  const bytes = parseVmRssBytes(status);
  if (bytes === null) throw new Error(`/proc/${pid}/status has no VmRSS line: has ${pid} exited?`);
  return bytes;
}

/** One process whose memory the run follows, and how to read it. */
export interface MemorySource {
  role: 'gateway' | 'worker';
  pid?: number;
  /** `proc`: /proc/<pid>/status on this host; `metrics`: the gateway's own /metrics. */
  via: 'proc' | 'metrics';
  read(): Promise<number>;
}

export interface MemoryFigures {
  role: 'gateway' | 'worker';
  pid?: number;
  via: 'proc' | 'metrics';
  start_mib: number | null;
  /** The sample nearest the middle of the phase. */
  mid_mib: number | null;
  end_mib: number | null;
  /** Highest sample, taken every second between start and end. */
  peak_mib: number | null;
  /** (end - start) / start, in percent. */
  growth_pct: number | null;
  /**
   * (end - mid) / mid, in percent: what "memory stays flat" is judged on. Heaps and ONNX arenas
   * grow for a while after a load starts; a leak keeps growing in the second half too.
   */
  late_growth_pct: number | null;
}

interface Sample {
  atMs: number;
  bytes: number;
}

const mib = (bytes: number) => Math.round((bytes / 1024 ** 2) * 10) / 10;
const growth = (from: Sample | undefined, to: Sample | undefined) =>
  from === undefined || to === undefined ? null : Math.round(((to.bytes - from.bytes) / from.bytes) * 1000) / 10;

/** Start, middle, end, peak and growths of one process's samples (in time order). */
export function memoryFigures(source: Pick<MemorySource, 'role' | 'pid' | 'via'>, samples: readonly Sample[]): MemoryFigures {
  const start = samples[0];
  const end = samples[samples.length - 1];
  const middle = start && end ? (start.atMs + end.atMs) / 2 : 0;
  const mid = samples.reduce<Sample | undefined>(
    (best, sample) => (best === undefined || Math.abs(sample.atMs - middle) < Math.abs(best.atMs - middle) ? sample : best),
    undefined,
  );
  const bytes = (sample: Sample | undefined) => (sample === undefined ? null : mib(sample.bytes));
  return {
    role: source.role,
    ...(source.pid === undefined ? {} : { pid: source.pid }),
    via: source.via,
    start_mib: bytes(start),
    mid_mib: bytes(mid),
    end_mib: bytes(end),
    peak_mib: samples.length === 0 ? null : mib(Math.max(...samples.map((sample) => sample.bytes))),
    growth_pct: growth(start, end),
    late_growth_pct: growth(mid, end),
  };
}

/**
 * Follows the RSS of the fleet's processes through a phase: a sample at `start`, one every
 * `intervalMs`, and one at `stop`. A process that cannot be read (it died, /metrics failed)
 * keeps the samples it had; figures without any stay null.
 */
export class MemorySampler {
  private readonly samples = new Map<MemorySource, Sample[]>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  constructor(private readonly sources: readonly MemorySource[]) {}

  async start(intervalMs = 1000): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => {
      this.sampling ??= this.sample().finally(() => (this.sampling = undefined));
    }, intervalMs);
  }

  async stop(): Promise<MemoryFigures[]> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    return this.sources.map((source) => memoryFigures(source, this.samples.get(source) ?? []));
  }

  private async sample(): Promise<void> {
    await Promise.all(
      this.sources.map(async (source) => {
        const bytes = await source.read().catch(() => undefined);
        if (bytes === undefined) return;
        const samples = this.samples.get(source) ?? [];
        samples.push({ atMs: performance.now(), bytes });
        this.samples.set(source, samples);
      }),
    );
  }
}
