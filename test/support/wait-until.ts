export interface WaitOptions {
  /** How long to keep trying (default 10 s). */
  timeoutMs?: number;
  /** Pause between tries (default 20 ms). */
  everyMs?: number;
}

/**
 * Tries `probe` until it returns something other than `undefined` or `false`, and resolves with
 * that. After `timeoutMs` it rejects naming `what` (a function is called then, so the message can
 * carry the last state seen). The one way tests wait for a condition: no fixed sleeps.
 */
export async function waitUntil<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, everyMs = 20 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
