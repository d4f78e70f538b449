import { SingleBar } from 'cli-progress';
import { formatCount } from '../cli/progress';
import { JobStatus } from './jobs-client';

/** Seconds as a person reads them: "42 s", "3 min 20 s", "2 h 05 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** One line of a job's progress, for logs: state, pairs, rate and ETA when known. */
export function formatStatusLine(status: JobStatus): string {
  const { done, total } = status.pairs;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
  let line = `job ${status.id}: ${status.state}, ${formatCount(done)} of ${formatCount(total)} pairs (${percent}%)`;
  if (status.pairs_per_second !== null) line += `, ${formatCount(status.pairs_per_second)} pairs/s`;
  if (status.eta_seconds !== null && status.state !== 'completed') line += `, ETA ${formatSeconds(status.eta_seconds)}`;
  if (status.failed_reason) line += `: ${status.failed_reason}`;
  return line;
}

export interface JobProgress {
  update(status: JobStatus): void;
  stop(): void;
}

/**
 * A progress bar with the server's rate and ETA on a terminal; elsewhere (logs, CI, pipes) a
 * plain line when the state changes and at most every `everyMs` while it runs.
 */
export function jobProgress(stream: NodeJS.WriteStream = process.stderr, everyMs = 10_000, now = () => Date.now()): JobProgress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'job {state} [{bar}] {percentage}% | {value}/{total} pairs | {rate} pairs/s | ETA {eta}',
      hideCursor: true,
    });
    let started = false;
    return {
      update(status) {
        const payload = {
          state: status.state,
          rate: status.pairs_per_second === null ? '–' : formatCount(status.pairs_per_second),
          eta: status.eta_seconds === null ? '–' : formatSeconds(status.eta_seconds),
        };
        if (!started) bar.start(status.pairs.total, status.pairs.done, payload);
        else bar.update(status.pairs.done, payload);
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  let lastState = '';
  let lastAt = -Infinity;
  return {
    update(status) {
      if (status.state === lastState && now() - lastAt < everyMs) return;
      lastState = status.state;
      lastAt = now();
      stream.write(`${formatStatusLine(status)}\n`);
    },
    stop: () => undefined,
  };
}
