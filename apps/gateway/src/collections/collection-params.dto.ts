import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { COLLECTION_NAME, MAX_DOCUMENT_ID_LENGTH, collectionNameRule } from '@rerank/retrieval';

export class CollectionParams {
  @ApiProperty({ description: 'Collection name', pattern: COLLECTION_NAME.source })
  @Matches(COLLECTION_NAME, { message: collectionNameRule('collection name') })
  name!: string;
}

export class DocumentParams extends CollectionParams {
  @ApiProperty({ description: 'Document id', maxLength: MAX_DOCUMENT_ID_LENGTH })
  @Length(1, MAX_DOCUMENT_ID_LENGTH, { message: `document id must be 1 to ${MAX_DOCUMENT_ID_LENGTH} characters` })
  @IsString()
  id!: string;
}
