import { readdirSync, readFileSync } from 'node:fs';
import { clockTicksPerSecond, statTicks } from '../fleet/cpu.usage';

/** CPU seconds one thread of a process has used so far, with the name the kernel knows it by. */
export interface ThreadCpu {
  tid: number;
  name: string;
  cpu_s: number;
}

/** Every live thread of `pid` from /proc/<pid>/task; empty without /proc or once the process is gone. */
export function threadsOf(pid: number, proc = '/proc'): ThreadCpu[] {
  let tids: string[];
  try {
    tids = readdirSync(`${proc}/${pid}/task`);
  } catch {
    return [];
  }
  const ticks = clockTicksPerSecond();
  return tids.flatMap((tid) => {
    try {
      const stat = readFileSync(`${proc}/${pid}/task/${tid}/stat`, 'utf8');
      const name = readFileSync(`${proc}/${pid}/task/${tid}/comm`, 'utf8').trim();
      return [{ tid: Number(tid), name: Number(tid) === pid ? 'main' : name, cpu_s: statTicks(stat) / ticks }];
    } catch {
      return []; // the thread ended between the listing and the read
    }
  });
}

/** Per-thread CPU used between two samples of one process; threads born meanwhile count from zero. */
export function threadDelta(before: readonly ThreadCpu[], after: readonly ThreadCpu[]): ThreadCpu[] {
  const start = new Map(before.map((thread) => [thread.tid, thread.cpu_s]));
  return after.map((thread) => ({ ...thread, cpu_s: thread.cpu_s - (start.get(thread.tid) ?? 0) })).sort((a, b) => b.cpu_s - a.cpu_s);
}
