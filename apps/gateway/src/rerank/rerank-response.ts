import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RerankDocumentEcho {
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] }) id?: string | number;
}

export class RerankResult {
  @ApiProperty({ description: 'Position of the document in the request' }) index!: number;
  @ApiProperty({ description: 'sigmoid(logit), in (0, 1)' }) relevance_score!: number;
  @ApiProperty({ description: 'Raw model output' }) logit!: number;
  @ApiPropertyOptional({ description: 'The id sent with the document, if any', oneOf: [{ type: 'string' }, { type: 'number' }] })
  id?: string | number;
  @ApiPropertyOptional({ type: RerankDocumentEcho }) document?: RerankDocumentEcho;
}

export class RerankUsage {
  @ApiProperty() documents!: number;
  @ApiProperty({ description: 'Real (unpadded) tokens scored' }) total_tokens!: number;
}

export class RerankResponse {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty({ type: [RerankResult], description: 'Best first' }) results!: RerankResult[];
  @ApiProperty({ type: RerankUsage }) usage!: RerankUsage;
}
