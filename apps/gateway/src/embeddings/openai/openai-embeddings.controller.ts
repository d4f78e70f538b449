import { Body, Controller, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.guard';
import { ScoringErrorResponses } from '../../common/scoring-error-responses';
import { dialectErrorFilter } from '../dialect-error.filter';
import { EmbeddingsService } from '../embeddings.service';
import { OpenAiEmbeddingsRequestDto } from './openai-embeddings-request.dto';
import { OpenAiEmbeddingsResponse } from './openai-embeddings-response';
import { commandFromOpenAi, openAiResponse } from './openai-embeddings.adapter';
import { openAiError } from './openai-error';

@ApiTags('embeddings')
@Controller('v1')
@UseFilters(dialectErrorFilter(openAiError))
export class OpenAiEmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @ApiOperation({ summary: "Embed texts with a bi-encoder (OpenAI's shape; the openai SDK works against it with a base URL)" })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: OpenAiEmbeddingsResponse })
  async embed(@Body() body: OpenAiEmbeddingsRequestDto, @Req() request: Request): Promise<OpenAiEmbeddingsResponse> {
    return openAiResponse(await this.embeddings.embed(commandFromOpenAi(body, requestIdOf(request))), body.encoding_format);
  }
}
