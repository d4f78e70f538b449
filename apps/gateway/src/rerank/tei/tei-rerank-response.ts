import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One element of TEI's rerank response (an array of these, best first). */
export class TeiRank {
  @ApiProperty({ description: 'Position of the text in the request' }) index!: number;
  @ApiPropertyOptional({ description: 'The text, with return_text' }) text?: string;
  @ApiProperty({ description: 'sigmoid(logit), or the logit with raw_scores' }) score!: number;
}
