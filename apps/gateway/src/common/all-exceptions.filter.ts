import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { isRedisConnectionError } from '@rerank/queue';
import { unavailableRetryAfterSeconds } from '../scoring/retry-after.policy';
import { requestIdOf } from './request-id';
import { RetryLaterException } from './retry-later.exception';

/** The message of a known error, its validation messages joined. */
export function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

interface Answer {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * The one exception filter. Known errors keep their status and message; a Redis that cannot be
 * reached, whichever route ran into it, is a 503; anything else is a 500 whose details go to the
 * log under the request id, never to the client. Every 429 and 503 says when to come back.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const requestId = requestIdOf(request);
    const { status, message, retryAfterSeconds } = answerFor(exception);
    if (status >= 500) {
      const known = exception instanceof HttpException || status === HttpStatus.SERVICE_UNAVAILABLE;
      this.logger.error({
        msg: 'request failed',
        requestId,
        status,
        path: request.path,
        // A known 5xx (timeout, Redis away) has said all there is; only surprises need a stack.
        error: known ? message : exception instanceof Error ? exception.stack : String(exception),
        ...(known && exception instanceof Error && !(exception instanceof HttpException) ? { reason: exception.message } : {}),
      });
    }
    if (response.headersSent) {
      // A stream (job results) broke half-way: the status is gone, all that is left is to cut it short.
      response.destroy();
      return;
    }
    if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
    response.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId });
  }
}

/** Status, message and Retry-After for whatever was thrown. */
export function answerFor(exception: unknown): Answer {
  if (exception instanceof RetryLaterException) {
    return { status: exception.getStatus(), message: messageOf(exception), retryAfterSeconds: exception.retryAfterSeconds };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const answer: Answer = { status, message: messageOf(exception) };
    if (status === HttpStatus.SERVICE_UNAVAILABLE) answer.retryAfterSeconds = unavailableRetryAfterSeconds();
    return answer;
  }
  if (isRedisConnectionError(exception)) {
    const retryAfterSeconds = unavailableRetryAfterSeconds();
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: `cannot reach Redis, where the queues, bulk jobs and worker heartbeats live, so nothing was done; retry after ${retryAfterSeconds} s`,
      retryAfterSeconds,
    };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error; quote the request id when reporting it' };
}
