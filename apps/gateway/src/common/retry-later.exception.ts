import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A 429 that says when to come back: the exception filter sends `retryAfterSeconds` as the
 * `Retry-After` header, so a service can refuse work without reaching for the response.
 */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
