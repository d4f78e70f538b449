import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { IsEmbeddingInput } from '../is-embedding-input.validator';

export const ENCODING_FORMATS = ['float', 'base64'] as const;

/** Request body of POST /v1/embeddings in OpenAI's shape. Checks run in the order listed (stopAtFirstError). */
export class OpenAiEmbeddingsRequestDto {
  @ApiProperty({
    description: 'A text, or an array of texts (token-id arrays are refused)',
    example: ['What is Deep Learning?'],
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @IsEmbeddingInput()
  @IsDefined({ message: 'input is required' })
  input!: string | string[];

  @ApiProperty({ description: 'A bi-encoder this gateway routes to (GET /v1/models)', example: 'all-MiniLM-L6-v2' })
  @IsNotEmpty({ message: 'model must not be empty' })
  @IsString({ message: 'model must be a string' })
  @IsDefined({ message: 'model is required' })
  model!: string;

  @ApiPropertyOptional({
    enum: ENCODING_FORMATS,
    description: '`float` (default): arrays of numbers; `base64`: the little-endian float32 bytes',
  })
  @IsIn(ENCODING_FORMATS, { message: 'encoding_format must be "float" or "base64"' })
  @IsOptional()
  encoding_format?: (typeof ENCODING_FORMATS)[number];

  @ApiPropertyOptional({ description: "Accepted only when equal to the model's own vector size: a bi-encoder cannot shorten its vectors" })
  @Min(1, { message: 'dimensions must be at least 1' })
  @IsInt({ message: 'dimensions must be an integer' })
  @IsOptional()
  dimensions?: number;

  @ApiPropertyOptional({ description: 'Accepted and ignored, as an end-user id is of no use here' })
  @IsString({ message: 'user must be a string' })
  @IsOptional()
  user?: string;
}
