import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { requestIdOf } from './request-id';
import { RetryLaterException } from './retry-later.exception';

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Seconds a 503 asks clients to wait: about what a Redis failover or reconnect takes. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_S = 1;

/**
 * The one exception filter. Known errors keep their status and message; anything else is a
 * 500 whose details go to the log under the request id, never to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const requestId = requestIdOf(request);
    const [status, message] = this.describe(exception);
    if (status >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId,
        status,
        path: request.path,
        // A known 5xx (timeout, Redis away) has said all there is; only surprises need a stack.
        error: exception instanceof HttpException ? message : exception instanceof Error ? exception.stack : String(exception),
      });
    }
    if (exception instanceof RetryLaterException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // A 503 (Redis away during a restart or failover, no live worker) is passing: say when to try
    // again, so clients back off a little instead of hammering or giving up.
    else if (status === (HttpStatus.SERVICE_UNAVAILABLE as number)) response.setHeader('Retry-After', String(SERVICE_UNAVAILABLE_RETRY_AFTER_S));
    response.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId });
  }

  private describe(exception: unknown): [number, string] {
    if (exception instanceof HttpException) return [exception.getStatus(), messageOf(exception)];
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'internal error; quote the request id when reporting it'];
  }
}
