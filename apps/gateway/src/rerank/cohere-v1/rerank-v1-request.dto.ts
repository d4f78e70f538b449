import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { RerankRequestBaseDto } from '../rerank-request.dto';

/** Request body of POST /v1/rerank, in the Cohere v1 / Jina shape. */
export class RerankV1RequestDto extends RerankRequestBaseDto {
  @ApiPropertyOptional({
    description: 'Echo each document in its result (default false, as Cohere; true for the models in RERANK_JINA_MODELS, as Jina)',
  })
  @IsOptional()
  @IsBoolean({ message: 'return_documents must be a boolean' })
  return_documents?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description: "Rank object documents on these fields' values, in this order (default: the `text` field), as Cohere v1",
    example: ['title', 'text'],
  })
  @IsOptional()
  @IsString({ each: true, message: 'rank_fields must be an array of strings' })
  @ArrayNotEmpty({ message: 'rank_fields must name at least one field' })
  @IsArray({ message: 'rank_fields must be an array of strings' })
  rank_fields?: string[];
}
