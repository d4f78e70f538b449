import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ChunkSpanResponse,
  PARTIAL_RESPONSE_DESCRIPTION,
  RerankDocumentEcho,
  SCORE_DESCRIPTION,
  UNSCORED_DESCRIPTION,
} from '../rerank-response.parts';

export class RerankV1Result {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: SCORE_DESCRIPTION, type: Number, nullable: true }) relevance_score!: number | null;
  @ApiProperty({ description: 'Raw model output (aggregated over windows for a long document); null when `unscored`', type: Number, nullable: true })
  logit!: number | null;
  @ApiPropertyOptional({ description: 'The id sent with the document, if any', oneOf: [{ type: 'string' }, { type: 'number' }] })
  id?: string | number;
  @ApiPropertyOptional({ description: 'The metadata sent with the document, if any', type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse, description: 'The window that won, when the document was read in several' })
  best_chunk?: ChunkSpanResponse;
  @ApiPropertyOptional({ description: UNSCORED_DESCRIPTION, enum: [true] }) unscored?: true;
  @ApiPropertyOptional({ type: RerankDocumentEcho }) document?: RerankDocumentEcho;
}

export class RerankUsage {
  @ApiProperty() documents!: number;
  @ApiProperty({ description: 'Real (unpadded) tokens scored' }) total_tokens!: number;
}

export class RerankV1Response {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ type: [RerankV1Result], description: 'Best first' }) results!: RerankV1Result[];
  @ApiProperty({ description: PARTIAL_RESPONSE_DESCRIPTION }) partial!: boolean;
  @ApiProperty({ type: RerankUsage }) usage!: RerankUsage;
}
