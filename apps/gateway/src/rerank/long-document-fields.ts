import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CHUNK_AGGREGATIONS, LONG_DOCUMENT_LIMITS } from '@rerank/contracts';
import { DEFAULT_MEAN_TOP_K, DEFAULT_STRIDE } from './rerank-command';

/**
 * The long-document options of /v1/rerank, /v2/rerank and POST /v1/jobs, validated alike. In a
 * JSON body they arrive typed; as query parameters (`'query'`) they arrive as strings and are
 * converted first. Checks are listed in the order they run (stopAtFirstError): type, then range.
 */
type Source = 'body' | 'query';

const asNumber = (source: Source) => (source === 'query' ? [Type(() => Number)] : []);

export function TruncateField(source: Source = 'body'): PropertyDecorator {
  const fromQuery =
    source === 'query' ? [Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))] : [];
  return applyDecorators(
    ...fromQuery,
    IsBoolean({ message: 'truncate must be a boolean' }),
    IsOptional(),
    ApiPropertyOptional({ description: 'Cut long documents to one window instead of reading them in windows (default false)' }),
  );
}

export function AggregationField(): PropertyDecorator {
  return applyDecorators(
    IsIn(CHUNK_AGGREGATIONS, { message: `aggregation must be one of ${CHUNK_AGGREGATIONS.join(', ')}` }),
    IsOptional(),
    ApiPropertyOptional({
      enum: CHUNK_AGGREGATIONS,
      default: 'max',
      description: "A windowed document's score: its best window, its first, or the mean of its best `mean_top_k`",
    }),
  );
}

export function MaxChunksPerDocField(source: Source = 'body'): PropertyDecorator {
  return applyDecorators(
    ...asNumber(source),
    IsInt({ message: 'max_chunks_per_doc must be an integer' }),
    Min(1, { message: 'max_chunks_per_doc must be at least 1' }),
    IsOptional(),
    ApiPropertyOptional({ description: 'Most windows read per document (default and limit: RERANK_MAX_CHUNKS_PER_DOC)', minimum: 1 }),
  );
}

export function StrideField(source: Source = 'body'): PropertyDecorator {
  return applyDecorators(
    ...asNumber(source),
    IsInt({ message: 'stride must be an integer' }),
    Min(0, { message: 'stride must be at least 0' }),
    Max(LONG_DOCUMENT_LIMITS.stride, { message: `stride must be at most ${LONG_DOCUMENT_LIMITS.stride}` }),
    IsOptional(),
    ApiPropertyOptional({
      description: `Tokens consecutive windows share (default ${DEFAULT_STRIDE}; at most half a window is used)`,
      minimum: 0,
      maximum: LONG_DOCUMENT_LIMITS.stride,
    }),
  );
}

export function MeanTopKField(source: Source = 'body'): PropertyDecorator {
  return applyDecorators(
    ...asNumber(source),
    IsInt({ message: 'mean_top_k must be an integer' }),
    Min(1, { message: 'mean_top_k must be at least 1' }),
    IsOptional(),
    ApiPropertyOptional({ description: `Windows \`mean\` averages (default ${DEFAULT_MEAN_TOP_K})`, minimum: 1 }),
  );
}
