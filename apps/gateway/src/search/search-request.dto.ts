import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { COLLECTION_NAME, collectionNameRule } from '@rerank/retrieval';
import { DeadlineMsField, PartialField } from '../common/deadline-fields';

/** Longest query accepted: each word is one more posting list for FTS5 to score. */
export const MAX_QUERY_LENGTH = 4096;

/** Request body of POST /v1/search. Unknown fields are ignored. */
export class SearchRequestDto {
  @ApiProperty({ example: 'scifact' })
  // Checked bottom-up with stopAtFirstError: presence, then type, then content.
  @Matches(COLLECTION_NAME, { message: collectionNameRule('collection') })
  @IsString({ message: 'collection must be a string' })
  @IsDefined({ message: 'collection is required' })
  collection!: string;

  @ApiProperty({ description: 'Plain text; operators and quotes are read as words', example: 'How many people live in Berlin?' })
  @MaxLength(MAX_QUERY_LENGTH, { message: `query must be at most ${MAX_QUERY_LENGTH} characters` })
  @Matches(/\S/, { message: 'query must not be empty' })
  @IsString({ message: 'query must be a string' })
  @IsDefined({ message: 'query is required' })
  query!: string;

  @ApiPropertyOptional({ description: 'Results to return (default 10)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'top_k must be at least 1' })
  @IsInt({ message: 'top_k must be an integer' })
  top_k?: number;

  @ApiPropertyOptional({ description: 'BM25 candidates handed to the reranker (default 100)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'candidates must be at least 1' })
  @IsInt({ message: 'candidates must be an integer' })
  candidates?: number;

  @ApiPropertyOptional({ description: 'Rerank the candidates on the fleet (default true); false returns BM25 order' })
  @IsOptional()
  @IsBoolean({ message: 'rerank must be a boolean' })
  rerank?: boolean;

  @ApiPropertyOptional({ description: 'Model to rerank with (default: the fleet default)' })
  @IsOptional()
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;

  @DeadlineMsField()
  deadline_ms?: number;

  @PartialField(true, 'BM25 order', 'The response says which it is in `partial`.')
  partial?: boolean;
}
