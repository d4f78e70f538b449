import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { PairsAskedFor, pairsInArray } from '../../auth/pairs-asked-for.decorator';
import { GatewayConfig } from '@rerank/config';
import { GATEWAY_CONFIG } from '../../gateway.tokens';
import { markPartial } from '../rerank-response.parts';
import { ScoringErrorResponses } from '../../common/scoring-error-responses';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.guard';
import { RerankService } from '../rerank.service';
import { RerankV1RequestDto } from './rerank-v1-request.dto';
import { RerankV1Response } from './rerank-v1-response';
import { commandFromV1, v1Response } from './rerank-v1.adapter';

@ApiTags('rerank')
@Controller('v1')
export class RerankV1Controller {
  constructor(
    private readonly rerank: RerankService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('rerank')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @PairsAskedFor(pairsInArray('documents'))
  @ApiOperation({ summary: 'Rank candidate documents for a query (Cohere v1 / Jina shape)' })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: RerankV1Response })
  async rerankDocuments(
    @Body() body: RerankV1RequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RerankV1Response> {
    const requestId = requestIdOf(request);
    const outcome = await this.rerank.rerank(commandFromV1(body, requestId));
    markPartial(response, outcome);
    // Cohere and Jina share this route and differ in this one default: the model says whose it is.
    return v1Response(outcome, requestId, body.return_documents ?? this.config.jinaModels.includes(outcome.model));
  }
}
