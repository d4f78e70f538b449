import { Logger } from '@nestjs/common';

/** Socket errors that mean "Redis is not there right now", not "the command was wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * What ioredis says when a command cannot reach Redis: the offline queue is off for producers,
 * the connection closed under a command, the one retry a producer gets was spent, or a
 * restarting Redis is still loading its data.
 */
const CONNECTION_MESSAGES = [
  /Stream isn't writeable/,
  /^Connection is closed\.?$/,
  /Reached the max retries per request limit/,
  /^LOADING /,
  /^connect (ECONNREFUSED|ETIMEDOUT)/,
  /^Command timed out$/,
];

/**
 * True when `error` (or an error it wraps as `cause`) says Redis was unreachable: the request
 * may well succeed once Redis is back, so it is a 503 to retry, not a bug to report.
 */
export function isRedisConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const { code, name } = current as NodeJS.ErrnoException;
    if (name === 'MaxRetriesPerRequestError') return true;
    if (code !== undefined && CONNECTION_CODES.has(code)) return true;
    if (CONNECTION_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) return true;
  }
  return false;
}

const ERROR_LOG_INTERVAL_MS = 5_000;

/** Anything that emits 'error': an ioredis connection, a BullMQ Queue, Worker or QueueEvents. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A listener for 'error' events that logs one JSON warning every few seconds at most, with the
 * reason but no stack. Without a listener ioredis prints "[ioredis] Unhandled error event" and
 * BullMQ `console.error`s the whole error, a multi-line stack no log collector parses, once per
 * reconnect attempt while Redis is away or after a paused process resumes with its locks lost.
 */
export function errorLogger(context: string, fields: Record<string, unknown>): (error: Error) => void {
  const logger = new Logger(context);
  let lastLogged = 0;
  let suppressed = 0;
  return (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) {
      suppressed++;
      return;
    }
    const msg = isRedisConnectionError(error) ? 'Redis connection error; reconnecting' : `${context} error`;
    logger.warn({ msg, ...fields, reason: error?.message ?? String(error), suppressedSinceLast: suppressed });
    lastLogged = now;
    suppressed = 0;
  };
}

/** Logs `emitter`'s 'error' events through an `errorLogger`. */
export function logErrorsOf(emitter: ErrorEmitter, context: string, fields: Record<string, unknown>): void {
  emitter.on('error', errorLogger(context, fields));
}
