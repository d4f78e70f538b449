import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ChunkAggregation } from '@rerank/contracts';
import { AggregationField, MaxChunksPerDocField, MeanTopKField, StrideField, TruncateField } from '../rerank/long-document-fields';

/** Job ids: what POST /v1/jobs hands out, and what batch payloads accept. */
export const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Far more results than a query has candidates (RERANK_MAX_DOCUMENTS, SEARCH_MAX_CANDIDATES), yet
 * a number the job record stores and reads back exactly: 1e308 is an integer to JavaScript too.
 */
export const MAX_TOP_N = 1_000_000;

/** Query parameters of POST /v1/jobs: options of the whole job. */
export class SubmitJobQuery {
  @ApiPropertyOptional({ description: 'A model from GET /v1/models (default: the first)' })
  @IsOptional()
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;

  @ApiPropertyOptional({ description: 'Keep only the best n results of each query (default: all)', minimum: 1, maximum: MAX_TOP_N })
  @Max(MAX_TOP_N, { message: `top_n must be at most ${MAX_TOP_N}` })
  @IsOptional()
  @Min(1, { message: 'top_n must be a positive integer' })
  @IsInt({ message: 'top_n must be a positive integer' })
  @Type(() => Number)
  top_n?: number;

  // Long documents are read as /v1/rerank reads them (windows, best window wins), so a job and a
  // live request score a document alike; the same options, as query parameters.
  @TruncateField('query')
  truncate?: boolean;

  @AggregationField()
  aggregation?: ChunkAggregation;

  @MaxChunksPerDocField('query')
  max_chunks_per_doc?: number;

  @StrideField('query')
  stride?: number;

  @MeanTopKField('query')
  mean_top_k?: number;
}

export class JobIdParams {
  @ApiProperty({ description: 'Job id from POST /v1/jobs', pattern: JOB_ID.source })
  @Matches(JOB_ID, { message: 'job id must be 1 to 64 letters, digits, "_" or "-"' })
  id!: string;
}

export class JobResultsQuery {
  @ApiPropertyOptional({ enum: ['ndjson', 'trec'], description: 'ndjson (default) or a TREC run file' })
  @IsOptional()
  @IsIn(['ndjson', 'trec'], { message: 'format must be "ndjson" or "trec"' })
  format?: 'ndjson' | 'trec';
}
