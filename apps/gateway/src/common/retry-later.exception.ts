import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An answer that says when to come back (a 429 by default): the exception filter sends
 * `retryAfterSeconds` as the `Retry-After` header, so a service can refuse work without reaching
 * for the response.
 */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE = HttpStatus.TOO_MANY_REQUESTS,
  ) {
    super(message, status);
  }
}
