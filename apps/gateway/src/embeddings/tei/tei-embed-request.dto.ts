import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsEmbeddingInput } from '../is-embedding-input.validator';

// TEI spells the direction either way round.
export const TEI_TRUNCATION_DIRECTIONS = ['right', 'Right', 'left', 'Left'];

/** Request body of POST /embed in Hugging Face Text Embeddings Inference's shape. */
export class TeiEmbedRequestDto {
  @ApiProperty({
    description: 'A text or an array of texts',
    example: ['What is Deep Learning?'],
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsEmbeddingInput()
  @IsDefined({ message: 'inputs is required' })
  inputs!: string | string[];

  @ApiPropertyOptional({ description: 'L2-normalise each vector (default true)' })
  @IsBoolean({ message: 'normalize must be a boolean' })
  @IsOptional()
  normalize?: boolean;

  @ApiPropertyOptional({ description: "Cut a text longer than the model's window instead of answering 413 (default false)" })
  @IsBoolean({ message: 'truncate must be a boolean' })
  @IsOptional()
  truncate?: boolean;

  @ApiPropertyOptional({
    enum: TEI_TRUNCATION_DIRECTIONS,
    description: 'Which end `truncate` cuts: Right (default) keeps the start, Left the end',
  })
  @IsIn(TEI_TRUNCATION_DIRECTIONS, { message: 'truncation_direction must be "Right" or "Left"' })
  @IsOptional()
  truncation_direction?: string;

  @ApiPropertyOptional({ description: 'Not in TEI, which serves one model: the bi-encoder to use (default: the first routed one)' })
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  @IsOptional()
  model?: string;
}
