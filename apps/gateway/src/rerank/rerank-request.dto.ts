import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min } from 'class-validator';
import { ChunkAggregation } from '@rerank/contracts';
import { DeadlineMsField, PartialField } from '../common/deadline-fields';
import { AggregationField, MaxChunksPerDocField, MeanTopKField, StrideField, TruncateField } from './long-document-fields';
import { IsDocumentList } from './is-document-list.validator';
import { rankedTextOf } from './rank-fields';
import { LongDocumentPolicy, RerankCommand, RerankDocument, SCORE_MODES, ScoreMode } from './rerank-command';

/** A candidate as clients send it: plain text, or an object with text (or the rank_fields), an optional id and metadata, and anything else. */
export type RerankDocumentInput =
  string | { text?: string; id?: string | number; metadata?: Record<string, unknown>; [extra: string]: unknown };

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

  @TruncateField()
  truncate?: boolean;

  @AggregationField()
  aggregation?: ChunkAggregation;

  @MaxChunksPerDocField()
  max_chunks_per_doc?: number;

  @StrideField()
  stride?: number;

  @MeanTopKField()
  mean_top_k?: number;

  @DeadlineMsField()
  deadline_ms?: number;

  @PartialField(true, 'request order', 'The response says which it is in `partial`.')
  partial?: boolean;
}

/** A document as the service takes it: ranked on `text`, or on `rankFields` (Cohere v1), the object kept for the echo. */
export function toRerankDocument(input: RerankDocumentInput, index: number, rankFields?: readonly string[]): RerankDocument {
  if (typeof input === 'string') return { text: input };
  const document: RerankDocument = { text: rankedTextOf(input, index, rankFields), source: input };
  if (input.id !== undefined) document.id = input.id;
  if (input.metadata !== undefined) document.metadata = input.metadata;
  return document;
}

/** The command both Cohere dialects share; each adapter adds what is its own. */
export function cohereCommandOf(request: RerankRequestBaseDto, requestId: string, rankFields?: readonly string[]): RerankCommand {
  return {
    requestId,
    model: request.model,
    query: request.query,
    documents: request.documents.map((document, index) => toRerankDocument(document, index, rankFields)),
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
