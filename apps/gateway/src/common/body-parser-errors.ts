import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

function translate(error: BodyParserError): HttpException | BodyParserError {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(
        `request body exceeds the limit of ${error.limit} bytes (RERANK_BODY_LIMIT_BYTES)`,
      );
    case 'entity.parse.failed':
      return new BadRequestException('request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new BadRequestException('request body must be UTF-8 JSON');
    default:
      return error.status < 500 ? new HttpException(`unreadable request body (${error.type})`, error.status) : error;
  }
}

/**
 * Express error middleware mounted right after the body parser. Without it Nest turns a parse
 * failure into a 400 carrying V8's own wording ("Unexpected end of JSON input").
 */
export function translateBodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  next(isBodyParserError(error) ? translate(error) : error);
}
