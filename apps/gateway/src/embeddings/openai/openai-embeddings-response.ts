import { ApiProperty } from '@nestjs/swagger';

export class OpenAiEmbedding {
  @ApiProperty({ enum: ['embedding'] }) object!: 'embedding';
  @ApiProperty({ description: 'Position of the text in `input`' }) index!: number;
  @ApiProperty({
    description: 'The L2-normalised vector: numbers, or base64 of little-endian float32 with encoding_format base64',
    oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string' }],
  })
  embedding!: number[] | string;
}

export class OpenAiUsage {
  @ApiProperty({ description: 'Tokens the model read, special tokens included' }) prompt_tokens!: number;
  @ApiProperty() total_tokens!: number;
}

export class OpenAiEmbeddingsResponse {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ type: [OpenAiEmbedding] }) data!: OpenAiEmbedding[];
  @ApiProperty() model!: string;
  @ApiProperty({ type: OpenAiUsage }) usage!: OpenAiUsage;
}
