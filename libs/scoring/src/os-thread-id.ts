import { readlinkSync } from 'node:fs';

/**
 * The kernel's id of the calling thread (Linux: /proc/thread-self), so a worker can say which of
 * its threads tokenize and which runs the model; undefined where there is no /proc.
 */
export function osThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}
