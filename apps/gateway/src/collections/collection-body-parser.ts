import { PayloadTooLargeException } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response, json } from 'express';
import { checkJsonBody } from '../common/json-body-checks';

/**
 * JSON parser for /v1/collections, mounted before the global one: a document upload may be far
 * larger than a rerank request. Body-parser marks the body as read, so the global parser then
 * skips it. NDJSON (application/x-ndjson) is not JSON to either parser and is left to stream.
 */
export function collectionJsonParser(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes, verify: checkJsonBody });
  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeException(
            `a JSON document upload is limited to ${limitBytes} bytes (COLLECTION_JSON_LIMIT_BYTES); ` +
              'send larger uploads as NDJSON (content-type application/x-ndjson), which streams',
          ),
        );
        return;
      }
      next(error);
    });
}
