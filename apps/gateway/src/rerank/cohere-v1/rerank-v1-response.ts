import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChunkSpanResponse, RerankDocumentEcho } from '../rerank-response.parts';

export class RerankV1Result {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: 'sigmoid(logit), in (0, 1); the logit with score_mode "raw"' }) relevance_score!: number;
  @ApiProperty({ description: 'Raw model output (aggregated over windows for a long document)' }) logit!: number;
  @ApiPropertyOptional({ description: 'The id sent with the document, if any', oneOf: [{ type: 'string' }, { type: 'number' }] })
  id?: string | number;
  @ApiPropertyOptional({ description: 'The metadata sent with the document, if any', type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse, description: 'The window that won, when the document was read in several' })
  best_chunk?: ChunkSpanResponse;
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
  @ApiProperty({ type: RerankUsage }) usage!: RerankUsage;
}
