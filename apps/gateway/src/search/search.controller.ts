import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { PairsAskedFor } from '../auth/pairs-asked-for.decorator';
import { ScoringErrorResponses } from '../common/scoring-error-responses';
import { requestIdOf } from '../common/request-id';
import { RequireJsonBody } from '../common/require-json-body.guard';
import { SearchRequestDto, searchPairs } from './search-request.dto';
import { SearchResponse } from './search-response';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('v1')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Post('search')
  @HttpCode(200)
  @UseGuards(RequireJsonBody)
  @PairsAskedFor(searchPairs)
  @ApiOperation({ summary: 'BM25 over a collection, then cross-encoder reranking of the candidates (unless rerank is false)' })
  @ScoringErrorResponses()
  @ApiOkResponse({ type: SearchResponse })
  search(@Body() body: SearchRequestDto, @Req() request: Request): Promise<SearchResponse> {
    return this.searchService.search(body, requestIdOf(request));
  }
}
