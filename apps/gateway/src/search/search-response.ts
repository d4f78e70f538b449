import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SearchResult {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() title?: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiProperty({ description: 'BM25 score, higher is better' }) bm25_score!: number;
  @ApiPropertyOptional({ description: 'sigmoid(logit) of the cross-encoder, when reranked' }) relevance_score?: number;
  @ApiProperty({ description: 'Position in the results, from 1' }) rank!: number;
}

export class SearchTiming {
  @ApiProperty() retrieval_ms!: number;
  @ApiProperty({ description: '0 when not reranked' }) rerank_ms!: number;
  @ApiProperty() total_ms!: number;
}

export class SearchResponse {
  @ApiProperty({ type: [SearchResult], description: 'Best first' }) results!: SearchResult[];
  @ApiPropertyOptional({ description: 'The model that reranked, when reranked' }) model?: string;
  @ApiProperty({ type: SearchTiming }) timing!: SearchTiming;
}
