import { isUtf8 } from 'node:buffer';
import { IncomingMessage } from 'node:http';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Nest's ValidationPipe,
 * class-transformer and JSON.stringify all recurse, so a body of 100k `[` would overflow the
 * stack (a 500) long before the body limit; no request or document needs more than a few levels.
 */
export const MAX_JSON_DEPTH = 64;

/** A body-parser error the translation middleware turns into a 400 (see body-parser-errors.ts). */
export class JsonBodyError extends Error {
  readonly status = 400;

  constructor(
    readonly type: 'entity.not.utf8' | 'entity.too.deep',
    message: string,
  ) {
    super(message);
  }
}

/** True when `bytes` (JSON text) nests arrays and objects deeper than `maxDepth`; brackets inside strings do not count. */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * body-parser `verify` hook, run on the raw bytes before JSON.parse: refuses a body that is not
 * UTF-8 (JSON between systems must be, RFC 8259; decoding would silently score U+FFFD in place of
 * the bad bytes) and nesting past MAX_JSON_DEPTH.
 * Multi-byte UTF-8 sequences never contain ASCII bytes, so the bracket scan is exact.
 */
export function checkJsonBody(_request: IncomingMessage, _response: unknown, bytes: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding)) throw new JsonBodyError('entity.not.utf8', 'request body must be UTF-8 JSON');
  if (!isUtf8(bytes)) throw new JsonBodyError('entity.not.utf8', 'request body is not valid UTF-8');
  if (jsonNestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
    throw new JsonBodyError('entity.too.deep', `request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
}
