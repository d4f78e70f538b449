import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RankedDocument } from './rerank-command';

export class ChunkSpanResponse {
  @ApiProperty({ description: 'First character of the window, in Unicode code points (Python str indices)' }) start!: number;
  @ApiProperty({ description: 'End of the window (exclusive), in code points' }) end!: number;
}

export class RerankDocumentEcho {
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
}

/** What the Cohere-shaped results carry beyond index and score, when there is something to carry. */
export interface ResultExtras {
  id?: string | number;
  metadata?: Record<string, unknown>;
  best_chunk?: ChunkSpanResponse;
  unscored?: true;
}

/** Swagger text of a result's score, which is null for an unscored document. */
export const SCORE_DESCRIPTION = 'sigmoid(logit), in (0, 1); the logit with score_mode "raw"; null when `unscored`';
export const UNSCORED_DESCRIPTION = 'Present (true) only on a document the deadline left unscored; such documents follow the scored ones, in request order';
export const PARTIAL_RESPONSE_DESCRIPTION = 'True when the deadline left documents unscored (they come last, flagged `unscored`)';

/** The id and metadata sent with a document, its winning window, and whether it went unscored, as result fields. */
export function resultExtras(ranked: RankedDocument): ResultExtras {
  const extras: ResultExtras = {};
  if (ranked.document.id !== undefined) extras.id = ranked.document.id;
  if (ranked.document.metadata !== undefined) extras.metadata = ranked.document.metadata;
  if (ranked.bestChunk) extras.best_chunk = { start: ranked.bestChunk.start, end: ranked.bestChunk.end };
  if (ranked.score === null) extras.unscored = true;
  return extras;
}
