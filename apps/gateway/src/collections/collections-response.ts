import { ApiProperty } from '@nestjs/swagger';

export class CollectionResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Documents in the collection' }) documents!: number;
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
