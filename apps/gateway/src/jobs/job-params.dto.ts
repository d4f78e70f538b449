import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CHUNK_AGGREGATIONS, ChunkAggregation, LONG_DOCUMENT_LIMITS } from '@rerank/contracts';
import { DEFAULT_MEAN_TOP_K, DEFAULT_STRIDE } from '../rerank/rerank-command';

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
  @ApiPropertyOptional({ description: 'Cut long documents to one window instead of reading them in windows (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'truncate must be true or false' })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  truncate?: boolean;

  @ApiPropertyOptional({ enum: CHUNK_AGGREGATIONS, default: 'max', description: "A windowed document's score: its best window, its first, or the mean of its best `mean_top_k`" })
  @IsOptional()
  @IsIn(CHUNK_AGGREGATIONS, { message: `aggregation must be one of ${CHUNK_AGGREGATIONS.join(', ')}` })
  aggregation?: ChunkAggregation;

  @ApiPropertyOptional({ description: 'Most windows read per document (default and limit: RERANK_MAX_CHUNKS_PER_DOC)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'max_chunks_per_doc must be at least 1' })
  @IsInt({ message: 'max_chunks_per_doc must be an integer' })
  @Type(() => Number)
  max_chunks_per_doc?: number;

  @ApiPropertyOptional({ description: `Tokens consecutive windows share (default ${DEFAULT_STRIDE})`, minimum: 0, maximum: LONG_DOCUMENT_LIMITS.stride })
  @IsOptional()
  @Max(LONG_DOCUMENT_LIMITS.stride, { message: `stride must be at most ${LONG_DOCUMENT_LIMITS.stride}` })
  @Min(0, { message: 'stride must be at least 0' })
  @IsInt({ message: 'stride must be an integer' })
  @Type(() => Number)
  stride?: number;

  @ApiPropertyOptional({ description: `Windows \`mean\` averages (default ${DEFAULT_MEAN_TOP_K})`, minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'mean_top_k must be at least 1' })
  @IsInt({ message: 'mean_top_k must be an integer' })
  @Type(() => Number)
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
