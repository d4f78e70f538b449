import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { COLLECTION_NAME, RETRIEVAL_MODES, RetrievalMode, collectionNameRule } from '@rerank/retrieval';
import { DeadlineMsField, PartialField } from '../common/deadline-fields';

/** Longest query accepted: each word is one more posting list for FTS5 to score. */
export const MAX_QUERY_LENGTH = 4096;

/** First-stage candidates when the request names none (capped by RERANK_MAX_CANDIDATES). */
export const DEFAULT_CANDIDATES = 100;

/** Pairs a search body asks the fleet to score: its candidates, unless it does not rerank (or names no collection). */
export const searchPairs = (body: Record<string, unknown>): number => {
  if (body.rerank === false || !('collection' in body)) return 0;
  return typeof body.candidates === 'number' ? body.candidates : DEFAULT_CANDIDATES;
};

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

  @ApiPropertyOptional({
    description:
      'How candidates are found: "bm25", "dense" (the collection\'s bi-encoder) or "hybrid" (both, fused by reciprocal rank). Default: hybrid when the collection has an embedding model, else bm25.',
    enum: RETRIEVAL_MODES,
  })
  @IsOptional()
  @IsIn(RETRIEVAL_MODES as RetrievalMode[], { message: `retrieval must be one of ${RETRIEVAL_MODES.join(', ')}` })
  retrieval?: RetrievalMode;

  @ApiPropertyOptional({ description: 'Hybrid only: candidates each stage contributes before fusion (default: candidates)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'candidates_per_stage must be at least 1' })
  @IsInt({ message: 'candidates_per_stage must be an integer' })
  candidates_per_stage?: number;

  @ApiPropertyOptional({
    description: 'Hybrid only: k of reciprocal rank fusion, score = sum of 1 / (k + rank) (default SEARCH_RRF_K, 60)',
    minimum: 0,
  })
  @IsOptional()
  @Max(100_000, { message: 'rrf_k must be at most 100000' })
  @Min(0, { message: 'rrf_k must be at least 0' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'rrf_k must be a number' })
  rrf_k?: number;

  @ApiPropertyOptional({ description: 'First-stage candidates handed to the reranker (default 100)', minimum: 1 })
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

  @PartialField(true, 'first-stage order', 'The response says which it is in `partial`.')
  partial?: boolean;
}
