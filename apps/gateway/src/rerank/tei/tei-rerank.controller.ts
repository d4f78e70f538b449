import { Body, Controller, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { PairsAskedFor, pairsInArray } from '../../auth/pairs-asked-for.decorator';
import { markPartial } from '../rerank-response.parts';
import { TeiExceptionFilter } from './tei-exception.filter';
import { ScoringErrorResponses } from '../../common/scoring-error-responses';
import { requestIdOf } from '../../common/request-id';
import { RequireJsonBody } from '../../common/require-json-body.guard';
import { RerankService } from '../rerank.service';
import { TeiRerankRequestDto } from './tei-rerank-request.dto';
import { TeiRank } from './tei-rerank-response';
import { commandFromTei, teiResponse } from './tei-rerank.adapter';

@ApiTags('rerank')
@Controller()
@UseFilters(new TeiExceptionFilter())
export class TeiRerankController {
  constructor(private readonly rerank: RerankService) {}

  @Post('rerank')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @PairsAskedFor(pairsInArray('texts'))
  @ApiOperation({ summary: 'Rank texts for a query (Hugging Face Text Embeddings Inference shape)' })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: [TeiRank] })
  async rerankTexts(
    @Body() body: TeiRerankRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TeiRank[]> {
    const outcome = await this.rerank.rerank(commandFromTei(body, requestIdOf(request)));
    markPartial(response, outcome);
    return teiResponse(outcome, body.return_text ?? false);
  }
}
