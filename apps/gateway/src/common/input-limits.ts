import { BadRequestException } from '@nestjs/common';

/** Rejects a query longer than RERANK_MAX_QUERY_CHARS before any work is queued. */
export function assertQueryWithinLimit(query: string, limit: number): void {
  if (query.length > limit) {
    throw new BadRequestException(`query has ${query.length} characters; the limit is ${limit} (RERANK_MAX_QUERY_CHARS)`);
  }
}

/** Rejects the first document longer than RERANK_MAX_DOCUMENT_CHARS, naming it by its request field. */
export function assertDocumentsWithinLimit(texts: readonly string[], field: string, limit: number): void {
  const index = texts.findIndex((text) => text.length > limit);
  if (index >= 0) {
    throw new BadRequestException(
      `${field}[${index}] has ${texts[index].length} characters; the limit is ${limit} (RERANK_MAX_DOCUMENT_CHARS)`,
    );
  }
}
