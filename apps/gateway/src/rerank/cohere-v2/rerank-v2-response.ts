import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChunkSpanResponse } from '../rerank-response.parts';

export class RerankV2Result {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: 'sigmoid(logit), in (0, 1); the logit with score_mode "raw"' }) relevance_score!: number;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse }) best_chunk?: ChunkSpanResponse;
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
  @ApiProperty({ type: RerankV2Meta }) meta!: RerankV2Meta;
}
