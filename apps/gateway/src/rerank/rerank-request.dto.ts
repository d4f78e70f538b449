import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CHUNK_AGGREGATIONS, ChunkAggregation, LONG_DOCUMENT_LIMITS } from '@rerank/contracts';
import { DeadlineMsField, PartialField } from '../common/deadline-fields';
import { IsDocumentList } from './is-document-list.validator';
import {
  DEFAULT_MEAN_TOP_K,
  DEFAULT_STRIDE,
  LongDocumentPolicy,
  RerankCommand,
  RerankDocument,
  SCORE_MODES,
  ScoreMode,
} from './rerank-command';

/** A candidate as clients send it: plain text, or an object with text, an optional id and metadata. */
export type RerankDocumentInput =
  | string
  | { text: string; id?: string | number; metadata?: Record<string, unknown>; [extra: string]: unknown };

// Each field's checks run bottom-up with stopAtFirstError: presence, then type, then range.

/**
 * The fields the Cohere-shaped dialects (/v1/rerank, /v2/rerank) share. Unknown fields are
 * ignored, as Cohere and Jina do.
 */
export class RerankRequestBaseDto {
  @ApiProperty({ example: 'How many people live in Berlin?' })
  @Matches(/\S/, { message: 'query must not be empty' })
  @IsString({ message: 'query must be a string' })
  @IsDefined({ message: 'query is required' })
  query!: string;

  @ApiProperty({
    description: 'Candidates to rank: strings, or objects { text, id?, metadata? } (id and metadata come back with the result)',
    example: ['Berlin has 3.7 million inhabitants.', { text: 'Paris is the capital of France.', id: 'doc-2' }],
  })
  @IsDocumentList()
  documents!: RerankDocumentInput[];

  @ApiPropertyOptional({ description: 'Return only the best n results (default: all)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'top_n must be at least 1' })
  @IsInt({ message: 'top_n must be an integer' })
  top_n?: number;

  @ApiPropertyOptional({ description: 'Model to rank with (default: the fleet default); see GET /v1/models' })
  @IsOptional()
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;

  @ApiPropertyOptional({ enum: SCORE_MODES, default: 'sigmoid', description: '`relevance_score` as sigmoid(logit), or the raw logit' })
  @IsOptional()
  @IsIn(SCORE_MODES, { message: `score_mode must be one of ${SCORE_MODES.join(', ')}` })
  score_mode?: ScoreMode;

  @ApiPropertyOptional({ description: 'Cut long documents to one window instead of reading them in windows (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'truncate must be a boolean' })
  truncate?: boolean;

  @ApiPropertyOptional({
    enum: CHUNK_AGGREGATIONS,
    default: 'max',
    description: "A windowed document's score: its best window, its first, or the mean of its best `mean_top_k`",
  })
  @IsOptional()
  @IsIn(CHUNK_AGGREGATIONS, { message: `aggregation must be one of ${CHUNK_AGGREGATIONS.join(', ')}` })
  aggregation?: ChunkAggregation;

  @ApiPropertyOptional({ description: 'Most windows read per document (default and limit: RERANK_MAX_CHUNKS_PER_DOC)', minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'max_chunks_per_doc must be at least 1' })
  @IsInt({ message: 'max_chunks_per_doc must be an integer' })
  max_chunks_per_doc?: number;

  @ApiPropertyOptional({
    description: `Tokens consecutive windows share (default ${DEFAULT_STRIDE}; at most half a window is used)`,
    minimum: 0,
    maximum: LONG_DOCUMENT_LIMITS.stride,
  })
  @IsOptional()
  @Max(LONG_DOCUMENT_LIMITS.stride, { message: `stride must be at most ${LONG_DOCUMENT_LIMITS.stride}` })
  @Min(0, { message: 'stride must be at least 0' })
  @IsInt({ message: 'stride must be an integer' })
  stride?: number;

  @ApiPropertyOptional({ description: `Windows \`mean\` averages (default ${DEFAULT_MEAN_TOP_K})`, minimum: 1 })
  @IsOptional()
  @Min(1, { message: 'mean_top_k must be at least 1' })
  @IsInt({ message: 'mean_top_k must be an integer' })
  mean_top_k?: number;

  @DeadlineMsField()
  deadline_ms?: number;

  @PartialField(true, 'request order', 'The response says which it is in `partial`.')
  partial?: boolean;
}

export function toRerankDocument(input: RerankDocumentInput): RerankDocument {
  if (typeof input === 'string') return { text: input };
  const document: RerankDocument = { text: input.text };
  if (input.id !== undefined) document.id = input.id;
  if (input.metadata !== undefined) document.metadata = input.metadata;
  return document;
}

/** The command both Cohere dialects share; each adapter adds what is its own. */
export function cohereCommandOf(request: RerankRequestBaseDto, requestId: string): RerankCommand {
  return {
    requestId,
    model: request.model,
    query: request.query,
    documents: request.documents.map(toRerankDocument),
    documentsField: 'documents',
    topN: request.top_n,
    scoreMode: request.score_mode ?? 'sigmoid',
    longDocuments: longDocumentPolicyOf(request),
    deadlineMs: request.deadline_ms,
    partial: request.partial ?? true,
  };
}

export function longDocumentPolicyOf(request: RerankRequestBaseDto): LongDocumentPolicy {
  return {
    truncate: request.truncate,
    aggregation: request.aggregation,
    maxChunksPerDoc: request.max_chunks_per_doc,
    stride: request.stride,
    meanTopK: request.mean_top_k,
  };
}
