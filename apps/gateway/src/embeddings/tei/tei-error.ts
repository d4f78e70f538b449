import { HttpStatus } from '@nestjs/common';
import { DialectError } from '../dialect-error.filter';
import { EmptyInputException } from '../embed-command';

/**
 * TEI's `{ error, error_type }` body with TEI's status for each type: empty 400, validation 413
 * (TEI's code for an input over its limits), overloaded 429, unhealthy 503, backend 424. A body
 * of the wrong shape is 422, as TEI's JSON extractor answers; a model of the wrong kind keeps
 * its 400 and a model not routed its 404 (TEI serves one model and has neither).
 */
export const teiError: DialectError = (exception, status, message) => {
  const answer = (code: number, type: string) => ({ status: code, body: { error: message, error_type: type } });
  if (exception instanceof EmptyInputException) return answer(HttpStatus.BAD_REQUEST, 'empty');
  if (status === HttpStatus.TOO_MANY_REQUESTS) return answer(status, 'overloaded');
  if (status === HttpStatus.SERVICE_UNAVAILABLE) return answer(status, 'unhealthy');
  if (status >= 500) return answer(HttpStatus.FAILED_DEPENDENCY, 'backend');
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return answer(status, 'validation');
  if (status === HttpStatus.BAD_REQUEST && !/^model "/.test(message)) return answer(HttpStatus.UNPROCESSABLE_ENTITY, 'validation');
  return answer(status, 'validation');
};
