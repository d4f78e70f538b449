import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { Response } from 'express';
import { messageOf } from '../common/all-exceptions.filter';
import { RetryLaterException } from '../common/retry-later.exception';

/** A dialect's error answer: the status to send and the body. */
export type DialectError = (exception: HttpException, status: number, message: string) => { status: number; body: unknown };

/**
 * Answers known errors of a dialect's routes in that dialect's error shape, so its clients can
 * read them (OpenAI's SDK reads `error.message`, TEI clients `error` and `error_type`). Anything
 * that is not an HttpException is rethrown to the one global filter, which logs it as a 500.
 */
export function dialectErrorFilter(shape: DialectError): new () => ExceptionFilter<HttpException> {
  @Catch(HttpException)
  class DialectErrorFilter implements ExceptionFilter<HttpException> {
    catch(exception: HttpException, host: ArgumentsHost): void {
      const response = host.switchToHttp().getResponse<Response>();
      const { status, body } = shape(exception, exception.getStatus(), messageOf(exception));
      if (exception instanceof RetryLaterException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      response.status(status).json(body);
    }
  }
  return DialectErrorFilter;
}
