import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SearchResult {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() title?: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) metadata?: Record<string, unknown>;
  @ApiProperty({ description: 'BM25 score, higher is better' }) bm25_score!: number;
  @ApiPropertyOptional({ description: 'sigmoid(logit) of the cross-encoder, when reranked; null when `unscored`', type: Number, nullable: true })
  relevance_score?: number | null;
  @ApiPropertyOptional({ description: 'Present (true) only on a candidate the deadline left unscored; such candidates follow the reranked ones, in BM25 order', enum: [true] })
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
  @ApiProperty({ description: 'True when the deadline left candidates unscored (they come last, flagged `unscored`)' }) partial!: boolean;
  @ApiPropertyOptional({ description: 'The model that reranked, when reranked' }) model?: string;
  @ApiProperty({ type: SearchTiming }) timing!: SearchTiming;
}
