import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { DeadlineMsField, PartialField } from '../../common/deadline-fields';
import { IsTextList } from './is-text-list.validator';

// TEI's serde aliases: either capitalisation.
const TRUNCATION_DIRECTIONS = ['right', 'Right', 'left', 'Left'];

/**
 * Request body of POST /rerank in Hugging Face Text Embeddings Inference's shape. Unlike TEI,
 * a text longer than the model's window is read in windows instead of refused, unless
 * `truncate` asks for plain truncation.
 */
export class TeiRerankRequestDto {
  @ApiProperty({ example: 'What is Deep Learning?' })
  @Matches(/\S/, { message: 'query must not be empty' })
  @IsString({ message: 'query must be a string' })
  @IsDefined({ message: 'query is required' })
  query!: string;

  @ApiProperty({ example: ['Deep Learning is ...'], type: [String] })
  @IsTextList()
  texts!: string[];

  @ApiPropertyOptional({ description: 'Scores as raw logits instead of sigmoid(logit) (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'raw_scores must be a boolean' })
  raw_scores?: boolean;

  @ApiPropertyOptional({ description: 'Echo each text in its result (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'return_text must be a boolean' })
  return_text?: boolean;

  @ApiPropertyOptional({ description: 'Cut long texts to one window instead of reading them in windows (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'truncate must be a boolean' })
  truncate?: boolean;

  @ApiPropertyOptional({
    enum: TRUNCATION_DIRECTIONS,
    default: 'Right',
    description: 'Which end of a too-long text is cut: "Right" keeps its start, "Left" its end (windows are then read from the end back)',
  })
  @IsOptional()
  @IsIn(TRUNCATION_DIRECTIONS, { message: 'truncation_direction must be "Left" or "Right"' })
  truncation_direction?: string;

  @ApiPropertyOptional({ description: 'Not in TEI, which serves one model: the model to rank with (default: the fleet default)' })
  @IsOptional()
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  model?: string;

  @DeadlineMsField()
  deadline_ms?: number;

  // TEI answers a bare array, with no room to say an answer is partial: partial answers are
  // only for a client that asks for them, and then the X-Rerank-Unscored header says so.
  @PartialField(
    false,
    'request order',
    'Not in TEI, and off by default here, unlike /v1 and /v2: the bare array has no place to say it is partial. ' +
      'A partial answer holds the scored texts only; the X-Rerank-Unscored header counts the others.',
  )
  partial?: boolean;
}
