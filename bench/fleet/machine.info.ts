import { env as transformersEnv } from '@huggingface/transformers';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpu_model: string;
  /** Logical CPUs the OS schedules on. */
  cores: number;
  /** Physical cores, the number ONNX Runtime uses for intra-op threads by default. */
  physical_cores: number;
  memory_gib: number;
  platform: string;
  node: string;
  onnxruntime: string;
  transformers_js: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  load_average_start: number;
  load_average_end?: number;
}

function physicalCores(): number {
  // Linux: "cpu cores" is the per-socket physical count; hosts without /proc get the logical count.
  if (!existsSync('/proc/cpuinfo')) return cpus().length;
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const perSocket = Number(/^cpu cores\s*:\s*(\d+)/m.exec(info)?.[1]);
  const sockets = new Set(info.match(/^physical id\s*:\s*\d+/gm) ?? ['0']).size;
  return Number.isInteger(perSocket) && perSocket > 0 ? perSocket * sockets : cpus().length;
}

function packageVersion(name: string): string {
  try {
    return String((JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: unknown }).version);
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  return {
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    physical_cores: physicalCores(),
    memory_gib: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    onnxruntime: packageVersion('onnxruntime-node'),
    transformers_js: String(transformersEnv.version),
    load_average_start: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function currentLoadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
