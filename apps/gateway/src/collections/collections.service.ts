import { BadRequestException, Inject, Injectable, NotFoundException, UnsupportedMediaTypeException } from '@nestjs/common';
import { Request } from 'express';
import { GatewayConfig } from '@rerank/config';
import {
  CorpusDocument,
  DocumentLineError,
  IngestStoppedError,
  IngestSummary,
  RetrievalEngine,
  ingestDocumentStream,
  ingestDocuments,
  parseCorpusDocument,
} from '@rerank/retrieval';
import { openNdjsonUpload } from '../common/ndjson-upload';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { orNotFound } from '../retrieval/collection-not-found';
import { RETRIEVAL_ENGINE } from '../retrieval/retrieval.tokens';
import { CollectionResponse, DeletedDocumentResponse, UploadResponse, toCollectionResponse } from './collections-response';

/** Content types read as one document per line. */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/** Uploads, deletes and describes the documents of collections. */
@Injectable()
export class CollectionsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RETRIEVAL_ENGINE) private readonly engine: RetrievalEngine,
  ) {}

  /** A JSON array (validated whole before anything is written) or an NDJSON stream. */
  async upload(collection: string, request: Request): Promise<UploadResponse> {
    let summary: IngestSummary;
    if (request.is(NDJSON_TYPES)) {
      summary = await this.uploadStream(collection, request);
    } else if (request.is('application/json')) {
      const documents = this.readArray(request.body);
      summary = await orNotFound(() =>
        ingestDocuments(this.engine.collections, collection, documents, this.config.collectionBatchDocuments),
      );
    } else {
      throw new UnsupportedMediaTypeException(
        'send documents as a JSON array (content-type application/json) or as NDJSON (content-type application/x-ndjson)',
      );
    }
    return { collection, ...summary };
  }

  async create(collection: string, embeddingModel: string | undefined): Promise<{ created: boolean; collection: CollectionResponse }> {
    const { created, info } = await orNotFound(() => this.engine.collections.create(collection, { embeddingModel }));
    return { created, collection: toCollectionResponse(info) };
  }

  async describe(collection: string): Promise<CollectionResponse> {
    const info = await this.engine.collections.describe(collection);
    if (!info) throw new NotFoundException(`collection "${collection}" does not exist`);
    return toCollectionResponse(info);
  }

  async deleteDocument(collection: string, id: string): Promise<DeletedDocumentResponse> {
    const deleted = await orNotFound(() => this.engine.collections.deleteDocument(collection, id));
    if (!deleted) throw new NotFoundException(`document "${id}" is not in collection "${collection}"`);
    return { collection, id, documents: (await this.describe(collection)).documents };
  }

  async drop(collection: string): Promise<void> {
    if (!(await this.engine.collections.drop(collection))) {
      throw new NotFoundException(`collection "${collection}" does not exist`);
    }
  }

  private async uploadStream(collection: string, request: Request): Promise<IngestSummary> {
    // Bad bytes and failed decompression stop the upload as a bad line does, so the answer says what was written.
    const upload = openNdjsonUpload(request, (line, problem) => new DocumentLineError(line, problem));
    let summary: IngestSummary;
    try {
      summary = await ingestDocumentStream(this.engine.collections, collection, upload, {
        batchSize: this.config.collectionBatchDocuments,
        maxLineLength: this.config.collectionLineLimitChars,
      });
    } catch (error) {
      if (error instanceof IngestStoppedError) {
        const limit = error.lineError.problem.startsWith('is longer than') ? ' (COLLECTION_LINE_LIMIT_CHARS)' : '';
        throw new BadRequestException(`${error.message}${limit}`);
      }
      throw error;
    } finally {
      upload.destroy();
    }
    if (summary.upserted === 0) throw new BadRequestException('the upload holds no documents');
    return summary;
  }

  private readArray(body: unknown): CorpusDocument[] {
    if (!Array.isArray(body)) {
      throw new BadRequestException(
        'the request body must be a JSON array of documents { "id", "text", "title"?, "metadata"? }, or NDJSON with content-type application/x-ndjson',
      );
    }
    if (body.length === 0) throw new BadRequestException('the upload holds no documents');
    return body.map((value: unknown, index) => {
      const document = parseCorpusDocument(value);
      if (typeof document === 'string') throw new BadRequestException(`documents[${index}]: ${document}; nothing was written`);
      return document;
    });
  }
}
