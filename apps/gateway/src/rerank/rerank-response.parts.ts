import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Response } from 'express';
import { RankedDocument, RerankDocument, RerankOutcome } from './rerank-command';

export class ChunkSpanResponse {
  @ApiProperty({ description: 'First character of the window, in Unicode code points (Python str indices)' }) start!: number;
  @ApiProperty({ description: 'End of the window (exclusive), in code points' }) end!: number;
}

/** The document as sent: `{ text }` for a string, the object whole (every field) for an object. */
export class RerankDocumentEcho {
  @ApiPropertyOptional({ description: 'The text; absent only from an object sent without one (ranked on rank_fields)' }) text?: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/** `{ text }` for a document sent as a string; the object whole, as Cohere v1 documents, for one sent as an object. */
export function documentEcho(document: RerankDocument): RerankDocumentEcho {
  return document.source ?? { text: document.text };
}

/** Names, on a partial answer, how many documents the deadline left unscored (and so out of `results`). */
export const UNSCORED_HEADER = 'X-Rerank-Unscored';

/** Sets UNSCORED_HEADER on a partial answer: the one signal every dialect carries, TEI's bare array included. */
export function markPartial(response: Response, outcome: RerankOutcome): void {
  if (outcome.partial) response.setHeader(UNSCORED_HEADER, String(outcome.unscored.length));
}

/** What the Cohere-shaped results carry beyond index and score, when there is something to carry. */
export interface ResultExtras {
  id?: string | number;
  metadata?: Record<string, unknown>;
  best_chunk?: ChunkSpanResponse;
}

export const SCORE_DESCRIPTION = 'sigmoid(logit), in (0, 1); the logit with score_mode "raw"';
export const UNSCORED_DESCRIPTION =
  'Request positions of the documents the deadline left unscored, in request order: they are in no result (empty on a complete answer)';
export const PARTIAL_RESPONSE_DESCRIPTION =
  'True when the deadline left documents unscored: `results` holds the scored ones only, `unscored` names the others, and the X-Rerank-Unscored header counts them';

/**
 * Sets on `result` the id and metadata sent with the document and its winning window, and what a Cohere-shaped result carries beyond its scores (and, with
 * `returnDocuments`, the document), in place: one object per result, no spread copies.
 */
export function withResultExtras<T extends object>(
  result: T,
  ranked: RankedDocument,
  returnDocuments: boolean,
): T & ResultExtras & { document?: RerankDocumentEcho } {
  const extras = result as T & ResultExtras & { document?: RerankDocumentEcho };
  if (ranked.document.id !== undefined) extras.id = ranked.document.id;
  if (ranked.document.metadata !== undefined) extras.metadata = ranked.document.metadata;
  if (ranked.bestChunk) extras.best_chunk = { start: ranked.bestChunk.start, end: ranked.bestChunk.end };
  if (returnDocuments) extras.document = documentEcho(ranked.document);
  return extras;
}
