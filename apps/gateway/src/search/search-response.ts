import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SearchResult {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() title?: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiPropertyOptional({
    description: 'BM25 score, higher is better; absent when BM25 did not find the document (dense and hybrid searches)',
  })
  bm25_score?: number;
  @ApiPropertyOptional({ description: 'Cosine similarity of query and document vectors, when the dense stage found the document' })
  dense_score?: number;
  @ApiPropertyOptional({ description: 'Hybrid only: the reciprocal-rank-fusion score the candidates are ordered by' })
  fusion_score?: number;
  @ApiPropertyOptional({
    description: 'Dense and hybrid searches: the stages that found the document',
    enum: ['bm25', 'dense'],
    isArray: true,
  })
  found_by?: ('bm25' | 'dense')[];
  @ApiPropertyOptional({
    description: 'sigmoid(logit) of the cross-encoder, when reranked; null when `unscored`',
    type: Number,
    nullable: true,
  })
  relevance_score?: number | null;
  @ApiPropertyOptional({
    description:
      'Present (true) only on a candidate the deadline left unscored; such candidates follow the reranked ones, in first-stage order',
    enum: [true],
  })
  unscored?: true;
  @ApiProperty({ description: 'Position in the results, from 1' }) rank!: number;
}

export class SearchTiming {
  @ApiProperty() retrieval_ms!: number;
  @ApiProperty({ description: '0 when not reranked' }) rerank_ms!: number;
  @ApiProperty() total_ms!: number;
}

export class SearchResponse {
  @ApiProperty({ type: [SearchResult], description: 'Best first' }) results!: SearchResult[];
  @ApiProperty({ enum: ['bm25', 'dense', 'hybrid'], description: 'How the candidates were found' }) retrieval!: 'bm25' | 'dense' | 'hybrid';
  @ApiProperty({ description: 'True when the deadline left candidates unscored (they come last, flagged `unscored`)' }) partial!: boolean;
  @ApiPropertyOptional({ description: 'The model that reranked, when reranked' }) model?: string;
  @ApiProperty({ type: SearchTiming }) timing!: SearchTiming;
}
