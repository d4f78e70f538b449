import { isUtf8 } from 'node:buffer';
import { IncomingMessage } from 'node:http';
import { jsonShapeMessage, jsonShapeProblem } from '@rerank/contracts';

/** A body-parser error the translation middleware turns into a 400 (see body-parser-errors.ts). */
export class JsonBodyError extends Error {
  readonly status = 400;

  constructor(
    readonly type: 'entity.not.utf8' | 'entity.too.deep' | 'entity.too.wide',
    message: string,
  ) {
    super(message);
  }
}

/**
 * body-parser `verify` hook, run on the raw bytes before JSON.parse: refuses a body that is not
 * UTF-8 (JSON between systems must be, RFC 8259; decoding would silently score U+FFFD in place of
 * the bad bytes), nesting past MAX_JSON_DEPTH and an object with more than MAX_JSON_OBJECT_FIELDS
 * fields. Multi-byte UTF-8 sequences never contain ASCII bytes, so the scan is exact.
 */
export function checkJsonBody(_request: IncomingMessage, _response: unknown, bytes: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding)) throw new JsonBodyError('entity.not.utf8', 'request body must be UTF-8 JSON');
  if (!isUtf8(bytes)) throw new JsonBodyError('entity.not.utf8', 'request body is not valid UTF-8');
  const problem = jsonShapeProblem(bytes);
  if (problem)
    throw new JsonBodyError(problem === 'too deep' ? 'entity.too.deep' : 'entity.too.wide', `request body ${jsonShapeMessage(problem)}`);
}
