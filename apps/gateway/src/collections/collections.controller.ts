import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CollectionSettingsDto } from './collection-settings.dto';
import { CollectionParams, DocumentParams } from './collection-params.dto';
import { CollectionResponse, DeletedDocumentResponse, UploadResponse } from './collections-response';
import { CollectionsService } from './collections.service';

@ApiTags('collections')
@Controller('v1/collections')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post(':name/documents')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Insert or replace documents by id (creates the collection)',
    description:
      'A JSON array of { id, text, title?, metadata? } (BEIR\'s "_id" is read as "id"), or NDJSON (UTF-8; identity, gzip, deflate or br), one document per line, ' +
      'streamed and written in batches of COLLECTION_BATCH_DOCUMENTS; a bad line is reported by number and nothing of its batch is written.',
  })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'array', items: { type: 'object', required: ['id', 'text'] } } })
  @ApiOkResponse({ type: UploadResponse })
  upload(@Param() params: CollectionParams, @Req() request: Request): Promise<UploadResponse> {
    return this.collections.upload(params.name, request);
  }

  @Put(':name')
  @ApiOperation({
    summary: 'Create a collection, optionally with an embedding model (dense and hybrid search)',
    description: 'Idempotent: 201 when created, 200 when it exists with the same settings, 409 when it exists with others.',
  })
  @ApiCreatedResponse({ type: CollectionResponse })
  @ApiOkResponse({ type: CollectionResponse })
  @ApiConflictResponse({ description: 'The collection exists with another embedding model' })
  async create(
    @Param() params: CollectionParams,
    @Body() body: CollectionSettingsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CollectionResponse> {
    const { created, collection } = await this.collections.create(params.name, body.embedding_model);
    response.status(created ? 201 : 200);
    return collection;
  }

  @Get(':name')
  @ApiOperation({ summary: 'How many documents a collection holds' })
  @ApiOkResponse({ type: CollectionResponse })
  describe(@Param() params: CollectionParams): Promise<CollectionResponse> {
    return this.collections.describe(params.name);
  }

  @Delete(':name/documents/:id')
  @ApiOperation({ summary: 'Delete one document' })
  @ApiOkResponse({ type: DeletedDocumentResponse })
  deleteDocument(@Param() params: DocumentParams): Promise<DeletedDocumentResponse> {
    return this.collections.deleteDocument(params.name, params.id);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a collection and all its documents' })
  @ApiNoContentResponse()
  drop(@Param() params: CollectionParams): Promise<void> {
    return this.collections.drop(params.name);
  }
}
