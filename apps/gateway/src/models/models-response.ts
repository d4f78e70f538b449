import { ApiProperty } from '@nestjs/swagger';

export class ModelEntryResponse {
  @ApiProperty({ description: 'The name to send in `model`', example: 'cross-encoder/ms-marco-MiniLM-L-6-v2' }) id!: string;
  @ApiProperty({ description: 'Tokens per (query, window) pair, or per text for a bi-encoder, as its workers report it; null before any has', nullable: true, type: Number })
  max_length!: number | null;
  @ApiProperty({ description: 'Workers that sent a heartbeat in the last 10 s' }) workers!: number;
  @ApiProperty({ enum: ['cross-encoder', 'bi-encoder'], nullable: true, description: 'cross-encoder (rerank) or bi-encoder (embeddings), as its workers report it; null before any has' })
  kind!: 'cross-encoder' | 'bi-encoder' | null;
  @ApiProperty({ nullable: true, type: Number, description: "A bi-encoder's vector size; null for a cross-encoder or before any worker has reported" })
  dimensions!: number | null;
}

export class ModelsResponse {
  @ApiProperty({ type: [ModelEntryResponse], description: 'The models this gateway routes to, the default first' })
  data!: ModelEntryResponse[];
}
