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
  @ApiProperty({ description: SCORE_DESCRIPTION }) relevance_score!: number;
  @ApiProperty({ description: 'Raw model output (aggregated over windows for a long document)' })
  logit!: number;
  @ApiPropertyOptional({ description: 'The id sent with the document, if any', oneOf: [{ type: 'string' }, { type: 'number' }] })
  id?: string | number;
  @ApiPropertyOptional({ description: 'The metadata sent with the document, if any', type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ChunkSpanResponse, description: 'The window that won, when the document was read in several' })
  best_chunk?: ChunkSpanResponse;
  @ApiPropertyOptional({ type: RerankDocumentEcho, description: 'With return_documents: the document as sent (an object whole)' })
  document?: RerankDocumentEcho;
}

export class RerankUsage {
  @ApiProperty() documents!: number;
  @ApiProperty({ description: "Real (unpadded) tokens of the scored documents' pairs, whether read now or answered from the score cache" })
  total_tokens!: number;
  @ApiProperty({ description: 'Of total_tokens, those answered from the score cache' }) cached_tokens!: number;
}

export class RerankV1ApiVersion {
  @ApiProperty({ example: '1' }) version!: string;
}

export class SearchUnits {
  @ApiProperty({ description: 'One per 100 documents (at least 1), as Cohere bills a rerank' }) search_units!: number;
}

export class RerankV1Meta {
  @ApiProperty({ type: RerankV1ApiVersion }) api_version!: RerankV1ApiVersion;
  @ApiProperty({ type: SearchUnits }) billed_units!: SearchUnits;
}

export class RerankV1Response {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ type: [RerankV1Result], description: 'Best first' }) results!: RerankV1Result[];
  @ApiProperty({ description: PARTIAL_RESPONSE_DESCRIPTION }) partial!: boolean;
  @ApiProperty({ description: UNSCORED_DESCRIPTION, type: [Number] }) unscored!: number[];
  @ApiProperty({ type: RerankUsage }) usage!: RerankUsage;
  @ApiProperty({ type: RerankV1Meta }) meta!: RerankV1Meta;
}
