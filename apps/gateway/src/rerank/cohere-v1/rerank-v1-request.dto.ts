import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RerankRequestBaseDto } from '../rerank-request.dto';

/** Request body of POST /v1/rerank, in the Cohere v1 / Jina shape. */
export class RerankV1RequestDto extends RerankRequestBaseDto {
  @ApiPropertyOptional({ description: 'Echo each document in its result (default false, as Cohere)' })
  @IsOptional()
  @IsBoolean({ message: 'return_documents must be a boolean' })
  return_documents?: boolean;
}
