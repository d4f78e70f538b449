import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CollectionInfo } from '@rerank/retrieval';

export class CollectionResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Documents in the collection' }) documents!: number;
  @ApiPropertyOptional({
    description: 'The bi-encoder whose vectors the collection holds (dense and hybrid search); absent for a BM25-only collection',
  })
  embedding_model?: string;
  @ApiPropertyOptional({ description: 'Size of the vectors, with embedding_model' }) dimensions?: number;
}

export class UploadResponse {
  @ApiProperty() collection!: string;
  @ApiProperty({ description: 'Documents written, counting each repeat of an id' }) upserted!: number;
  @ApiProperty({ description: 'Documents with an id new to the collection' }) created!: number;
  @ApiProperty({ description: 'Documents that replaced one with the same id' }) replaced!: number;
  @ApiProperty({ description: 'Documents in the collection afterwards' }) documents!: number;
}

export class DeletedDocumentResponse {
  @ApiProperty() collection!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Documents left in the collection' }) documents!: number;
}

export function toCollectionResponse(info: CollectionInfo): CollectionResponse {
  const response: CollectionResponse = { name: info.name, documents: info.documents };
  if (info.embeddingModel !== undefined) {
    response.embedding_model = info.embeddingModel;
    response.dimensions = info.dimensions;
  }
  return response;
}
