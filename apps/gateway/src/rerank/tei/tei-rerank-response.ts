import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One element of TEI's rerank response (an array of these, best first). */
export class TeiRank {
  @ApiProperty({ description: 'Position of the text in the request' }) index!: number;
  @ApiPropertyOptional({ description: 'The text, with return_text' }) text?: string;
  @ApiProperty({ description: 'sigmoid(logit), or the logit with raw_scores; null when `unscored`', type: Number, nullable: true })
  score!: number | null;
  @ApiPropertyOptional({ description: 'Not in TEI: present (true) only on a text the deadline left unscored, with `partial: true`', enum: [true] })
  unscored?: true;
}
