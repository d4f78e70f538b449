import { Body, Controller, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ScoringErrorResponses } from '../../common/scoring-error-responses';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.interceptor';
import { RerankService } from '../rerank.service';
import { RerankV1RequestDto } from './rerank-v1-request.dto';
import { RerankV1Response } from './rerank-v1-response';
import { commandFromV1, v1Response } from './rerank-v1.adapter';

@ApiTags('rerank')
@Controller('v1')
export class RerankV1Controller {
  constructor(private readonly rerank: RerankService) {}

  @Post('rerank')
  @HttpCode(200)
  @UseInterceptors(RequireJsonBody)
  @ApiOperation({ summary: 'Rank candidate documents for a query (Cohere v1 / Jina shape)' })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: RerankV1Response })
  async rerankDocuments(@Body() body: RerankV1RequestDto, @Req() request: Request): Promise<RerankV1Response> {
    const requestId = requestIdOf(request);
    const outcome = await this.rerank.rerank(commandFromV1(body, requestId));
    return v1Response(outcome, requestId, body.return_documents ?? false);
  }
}
