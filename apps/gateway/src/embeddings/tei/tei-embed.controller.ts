import { Body, Controller, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.guard';
import { dialectErrorFilter } from '../dialect-error.filter';
import { EmbeddingsService } from '../embeddings.service';
import { TeiEmbedRequestDto } from './tei-embed-request.dto';
import { commandFromTei, teiEmbedResponse } from './tei-embed.adapter';
import { teiError } from './tei-error';

@ApiTags('embeddings')
@Controller()
@UseFilters(dialectErrorFilter(teiError))
export class TeiEmbedController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embed')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @ApiOperation({ summary: 'Embed texts with a bi-encoder (Hugging Face Text Embeddings Inference shape): a bare array of vectors' })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'array', items: { type: 'number' } } } })
  async embed(@Body() body: TeiEmbedRequestDto, @Req() request: Request): Promise<number[][]> {
    return teiEmbedResponse(await this.embeddings.embed(commandFromTei(body, requestIdOf(request))));
  }
}
