import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { PairsAskedFor, pairsInArray } from '../../auth/pairs-asked-for.decorator';
import { markPartial } from '../rerank-response.parts';
import { ScoringErrorResponses } from '../../common/scoring-error-responses';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.guard';
import { RerankService } from '../rerank.service';
import { RerankV2RequestDto } from './rerank-v2-request.dto';
import { RerankV2Response } from './rerank-v2-response';
import { commandFromV2, v2Response } from './rerank-v2.adapter';

@ApiTags('rerank')
@Controller('v2')
export class RerankV2Controller {
  constructor(private readonly rerank: RerankService) {}

  @Post('rerank')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @PairsAskedFor(pairsInArray('documents'))
  @ApiOperation({ summary: 'Rank candidate documents for a query (Cohere v2 shape)' })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: RerankV2Response })
  async rerankDocuments(
    @Body() body: RerankV2RequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RerankV2Response> {
    const requestId = requestIdOf(request);
    const outcome = await this.rerank.rerank(commandFromV2(body, requestId));
    markPartial(response, outcome);
    return v2Response(outcome, requestId, body.return_documents ?? false);
  }
}
