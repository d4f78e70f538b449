import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChunkSpanResponse, PARTIAL_RESPONSE_DESCRIPTION, SCORE_DESCRIPTION, UNSCORED_DESCRIPTION } from '../rerank-response.parts';

export class RerankV2Result {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: SCORE_DESCRIPTION, type: Number, nullable: true }) relevance_score!: number | null;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse }) best_chunk?: ChunkSpanResponse;
  @ApiPropertyOptional({ description: UNSCORED_DESCRIPTION, enum: [true] }) unscored?: true;
}

export class ApiVersion {
  @ApiProperty({ example: '2' }) version!: string;
}

export class InputTokens {
  @ApiProperty({ description: 'Real (unpadded) tokens scored' }) input_tokens!: number;
}

export class RerankV2Meta {
  @ApiProperty({ type: ApiVersion }) api_version!: ApiVersion;
  @ApiProperty({ type: InputTokens }) tokens!: InputTokens;
}

export class RerankV2Response {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [RerankV2Result], description: 'Best first' }) results!: RerankV2Result[];
  @ApiProperty({ description: PARTIAL_RESPONSE_DESCRIPTION }) partial!: boolean;
  @ApiProperty({ type: RerankV2Meta }) meta!: RerankV2Meta;
}
