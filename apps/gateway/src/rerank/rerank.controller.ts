import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { requestIdOf } from '../common/request-id';
import { RerankRequestDto } from './rerank-request.dto';
import { RerankResponse } from './rerank-response';
import { RerankService } from './rerank.service';

@ApiTags('rerank')
@Controller('v1')
export class RerankController {
  constructor(private readonly rerank: RerankService) {}

  @Post('rerank')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rank candidate documents for a query (Cohere v1 / Jina shape)' })
  @ApiOkResponse({ type: RerankResponse })
  rerankDocuments(@Body() body: RerankRequestDto, @Req() request: Request): Promise<RerankResponse> {
    return this.rerank.rerank(body, requestIdOf(request));
  }
}
