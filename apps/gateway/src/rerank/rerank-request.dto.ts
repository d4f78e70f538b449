import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsDocumentList } from './is-document-list.validator';

/** A candidate as clients send it: plain text, or an object with text and an optional id. */
export type RerankDocumentInput = string | { text: string; id?: string | number; [extra: string]: unknown };

/** Request body of POST /v1/rerank, in the Cohere v1 / Jina shape. Unknown fields are ignored. */
export class RerankRequestDto {
  @ApiProperty({ example: 'How many people live in Berlin?' })
  // Checked bottom-up with stopAtFirstError: presence, then type, then content.
  @Matches(/\S/, { message: 'query must not be empty' })
  @IsString({ message: 'query must be a string' })
  @IsDefined({ message: 'query is required' })
  query!: string;

  @ApiProperty({
    description: 'Candidates to rank: strings, or objects { text, id? }',
    example: ['Berlin has 3.7 million inhabitants.', 'Paris is the capital of France.'],
  })
  @IsDocumentList()
  documents!: RerankDocumentInput[];

  @ApiPropertyOptional({ description: 'Return only the best n results (default: all)', minimum: 1 })
  @IsOptional()
  @IsInt({ message: 'top_n must be an integer' })
  @Min(1, { message: 'top_n must be at least 1' })
  top_n?: number;

  @ApiPropertyOptional({ description: 'Echo each document in its result (default false, as Cohere)' })
  @IsOptional()
  @IsBoolean({ message: 'return_documents must be a boolean' })
  return_documents?: boolean;

  @ApiPropertyOptional({ description: 'Model to rank with (default: the fleet default)' })
  @IsOptional()
  @IsString({ message: 'model must be a string' })
  @IsNotEmpty({ message: 'model must not be empty' })
  model?: string;
}
