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
}

/** The id and metadata sent with a document, and its winning window, as result fields. */
export function resultExtras(ranked: RankedDocument): ResultExtras {
  const extras: ResultExtras = {};
  if (ranked.document.id !== undefined) extras.id = ranked.document.id;
  if (ranked.document.metadata !== undefined) extras.metadata = ranked.document.metadata;
  if (ranked.bestChunk) extras.best_chunk = { start: ranked.bestChunk.start, end: ranked.bestChunk.end };
  return extras;
}
