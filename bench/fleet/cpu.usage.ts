import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

let ticksPerSecond: number | undefined;

/** Clock ticks per second, the unit of /proc's CPU times. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // what every Linux on x86 and arm64 uses
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a /proc/<pid>/stat (or task stat) line, in clock ticks. */
export function statTicks(stat: string): number {
  // The command name (field 2) may hold spaces; the fields after its ')' are space-separated,
  // utime and stime being fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU seconds (user + system) that processes have used so far, from /proc/<pid>/stat; null where
 * there is no /proc or a process is gone. Unlike wall time this barely moves when other work
 * shares the cores, so pairs per CPU second is the steadier figure on a busy machine.
 */
export function cpuSecondsOf(pids: readonly number[]): number | null {
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
    ticks += statTicks(stat);
  }
  return ticks / clockTicksPerSecond();
}

/** Busy and idle CPU seconds of the whole machine so far (all cores), from /proc/stat; null without it. */
export function machineCpuSeconds(): { busy: number; idle: number } | null {
  let line: string | undefined;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const ticks = clockTicksPerSecond();
  return { busy: (user + nice + system + irq + softirq + steal) / ticks, idle: (idle + iowait) / ticks };
}

/** CPU seconds this process has used so far. */
export function selfCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Wall-clock-independent cost of a phase, and what else the machine did meanwhile. */
export interface PhaseCost {
  cpu_s: number | null;
  pairs_per_cpu_s: number | null;
  /**
   * CPU seconds other processes used during the phase (everything busy minus `cpu_s`), and CPU
   * seconds left idle: much "other" means contention skewed pairs/s; much "idle" while the
   * phase ran means the phase itself left cores unused.
   */
  other_cpu_s: number | null;
  idle_cpu_s: number | null;
  load_average: { start: number; end: number };
}

/** Starts measuring; call the result with the pairs done to get the phase's cost. */
export function measureCost(cpuSeconds: () => number | null): (pairs: number) => PhaseCost {
  const cpuStart = cpuSeconds();
  const machineStart = machineCpuSeconds();
  const loadStart = loadavg()[0];
  return (pairs) => {
    const cpuEnd = cpuSeconds();
    const machineEnd = machineCpuSeconds();
    const cpu = cpuStart === null || cpuEnd === null ? null : cpuEnd - cpuStart;
    const machine =
      machineStart && machineEnd ? { busy: machineEnd.busy - machineStart.busy, idle: machineEnd.idle - machineStart.idle } : null;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      cpu_s: cpu === null ? null : round(cpu),
      pairs_per_cpu_s: cpu === null || cpu <= 0 ? null : round(pairs / cpu),
      other_cpu_s: machine && cpu !== null ? round(Math.max(0, machine.busy - cpu)) : null,
      idle_cpu_s: machine ? round(machine.idle) : null,
      load_average: { start: round(loadStart), end: round(loadavg()[0]) },
    };
  };
}
