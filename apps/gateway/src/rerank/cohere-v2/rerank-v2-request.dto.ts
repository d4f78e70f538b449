import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RerankRequestBaseDto } from '../rerank-request.dto';

/** Cohere v2's default for `max_tokens_per_doc`. */
export const DEFAULT_MAX_TOKENS_PER_DOC = 4096;

/** Far more than is ever read (RERANK_MAX_CHUNKS_PER_DOC windows of at most 8192 tokens), yet a safe integer for the job payload. */
export const MAX_TOKENS_PER_DOC = 1_000_000;

/**
 * Request body of POST /v2/rerank, in the Cohere v2 shape: `max_tokens_per_doc` bounds how much
 * of each document is read. Cohere v2 dropped `return_documents`, but cohere-ai 7.x still sends
 * it, so it is honoured.
 */
export class RerankV2RequestDto extends RerankRequestBaseDto {
  @ApiPropertyOptional({
    description: `Document tokens read at most, in windows or truncated (default ${DEFAULT_MAX_TOKENS_PER_DOC}, as Cohere)`,
    minimum: 1,
    maximum: MAX_TOKENS_PER_DOC,
  })
  @IsOptional()
  @Max(MAX_TOKENS_PER_DOC, { message: `max_tokens_per_doc must be at most ${MAX_TOKENS_PER_DOC}` })
  @Min(1, { message: 'max_tokens_per_doc must be at least 1' })
  @IsInt({ message: 'max_tokens_per_doc must be an integer' })
  max_tokens_per_doc?: number;

  @ApiPropertyOptional({ description: 'Echo each document in its result (default false; sent by cohere-ai 7.x)' })
  @IsOptional()
  @IsBoolean({ message: 'return_documents must be a boolean' })
  return_documents?: boolean;
}
