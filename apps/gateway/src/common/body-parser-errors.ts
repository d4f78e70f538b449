import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

interface BodyParserError {
  /** Absent on a decompression failure: body-parser passes zlib's error on with only a status. */
  type?: string;
  status: number;
  limit?: number;
  message?: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    !(error instanceof HttpException) &&
    typeof (error as BodyParserError).status === 'number'
  );
}

function translate(error: BodyParserError, request: Request): HttpException | BodyParserError {
  const contentEncoding = request.header('content-encoding')?.trim().toLowerCase().slice(0, 64) || 'identity';
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`request body exceeds the limit of ${error.limit} bytes (RERANK_BODY_LIMIT_BYTES)`);
    case 'entity.parse.failed':
      return new BadRequestException('request body is not valid JSON');
    case 'charset.unsupported':
      return new BadRequestException('request body must be UTF-8 JSON');
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException(
        `content-encoding "${contentEncoding}" is not supported; send the body uncompressed or as gzip, deflate or br`,
      );
    case 'entity.not.utf8':
    case 'entity.too.deep':
    case 'entity.too.wide':
      return new BadRequestException(error.message);
    case undefined:
      if (error.status < 500 && contentEncoding !== 'identity') {
        return new BadRequestException(`request body could not be decompressed as content-encoding "${contentEncoding}"`);
      }
      return error.status < 500 ? new BadRequestException('unreadable request body') : error;
    default:
      return error.status < 500 ? new HttpException(`unreadable request body (${error.type})`, error.status) : error;
  }
}

/**
 * Express error middleware mounted right after the body parser. Without it Nest turns a parse
 * failure into a 400 carrying V8's own wording ("Unexpected end of JSON input").
 */
export function translateBodyParserErrors(error: unknown, request: Request, _response: Response, next: NextFunction): void {
  next(isBodyParserError(error) ? translate(error, request) : error);
}
