import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of PUT /v1/collections/:name. Unknown fields are ignored. */
export class CollectionSettingsDto {
  @ApiPropertyOptional({
    description:
      'A bi-encoder served by the fleet: every document gets a vector from it (bulk lane), and searches default to hybrid. Omit for a BM25-only collection.',
    example: 'minilm-embed',
  })
  @IsOptional()
  @MaxLength(256, { message: 'embedding_model must be at most 256 characters' })
  @IsNotEmpty({ message: 'embedding_model must not be empty' })
  @IsString({ message: 'embedding_model must be a string' })
  embedding_model?: string;
}
