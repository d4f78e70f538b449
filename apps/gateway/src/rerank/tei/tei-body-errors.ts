import { HttpException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { teiErrorOf } from './tei-error.mapping';

/** The routes that speak TEI's dialect. */
const TEI_PATHS = new Set(['/rerank']);

/**
 * Express error middleware after the body parser's: a body refused on a TEI route before any
 * controller ran (too large, not JSON) is answered in TEI's shape too, as TeiExceptionFilter
 * answers everything after. Other routes pass on to the one exception filter.
 */
export function teiBodyErrors(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (!TEI_PATHS.has(request.path) || !(error instanceof HttpException)) return next(error);
  const tei = teiErrorOf(error.getStatus(), error.message);
  response.status(tei.status).json(tei.body);
}
