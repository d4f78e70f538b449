import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

const REQUEST_ID = Symbol('requestId');
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

type WithRequestId = Request & { [REQUEST_ID]?: string };

/** The id that ties a request's log lines, job data and worker logs together. */
export function requestIdOf(request: Request): string {
  return (request as WithRequestId)[REQUEST_ID] ?? 'unknown';
}

/**
 * Takes a sane X-Request-Id from the caller or makes one, and echoes it in the response.
 * Mounted before the body parser so even an unreadable body gets an id.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('x-request-id');
  const id = given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
  (request as WithRequestId)[REQUEST_ID] = id;
  response.setHeader('x-request-id', id);
  next();
}
