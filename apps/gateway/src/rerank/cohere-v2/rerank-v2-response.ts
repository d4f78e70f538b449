import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SearchUnits } from '../cohere-v1/rerank-v1-response';
import {
  ChunkSpanResponse,
  PARTIAL_RESPONSE_DESCRIPTION,
  RerankDocumentEcho,
  SCORE_DESCRIPTION,
  UNSCORED_DESCRIPTION,
} from '../rerank-response.parts';

export class RerankV2Result {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: SCORE_DESCRIPTION }) relevance_score!: number;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse }) best_chunk?: ChunkSpanResponse;
  @ApiPropertyOptional({ type: RerankDocumentEcho, description: 'With return_documents: the document as sent' })
  document?: RerankDocumentEcho;
}

export class ApiVersion {
  @ApiProperty({ example: '2' }) version!: string;
}

export class InputTokens {
  @ApiProperty({ description: "Real (unpadded) tokens of the scored documents' pairs, whether read now or answered from the score cache" })
  input_tokens!: number;
  @ApiProperty({ description: 'Of input_tokens, those answered from the score cache' }) cached_input_tokens!: number;
}

export class RerankV2Meta {
  @ApiProperty({ type: ApiVersion }) api_version!: ApiVersion;
  @ApiProperty({ type: SearchUnits }) billed_units!: SearchUnits;
  @ApiProperty({ type: InputTokens }) tokens!: InputTokens;
}

export class RerankV2Response {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [RerankV2Result], description: 'Best first' }) results!: RerankV2Result[];
  @ApiProperty({ description: PARTIAL_RESPONSE_DESCRIPTION }) partial!: boolean;
  @ApiProperty({ description: UNSCORED_DESCRIPTION, type: [Number] }) unscored!: number[];
  @ApiProperty({ type: RerankV2Meta }) meta!: RerankV2Meta;
}
