import { HttpStatus } from '@nestjs/common';
import { DialectError } from '../dialect-error.filter';

/** OpenAI's error `type` for a status, as its API answers. */
function typeOf(status: number): string {
  if (status === HttpStatus.UNAUTHORIZED) return 'authentication_error';
  if (status === HttpStatus.TOO_MANY_REQUESTS) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** `{ error: { message, type, param, code } }`, OpenAI's error body, with the status kept. */
export const openAiError: DialectError = (_exception, status, message) => {
  const param = /^(input|model|encoding_format|dimensions|user)\b/.exec(message)?.[1] ?? null;
  return { status, body: { error: { message, type: typeOf(status), param, code: null } } };
};
