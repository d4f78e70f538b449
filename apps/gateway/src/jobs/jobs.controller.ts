import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, applyDecorators } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { RateLimitExempt } from '../auth/rate-limit-exempt.decorator';
import { requestIdOf } from '../common/request-id';
import { JobIdParams, JobResultsQuery, SubmitJobQuery } from './job-params.dto';
import { JobAcceptedResponse, JobStatusResponse } from './jobs-response';
import { JOB_UPLOAD_TYPES, JobsService } from './jobs.service';

const UPLOAD_DESCRIPTION =
  'NDJSON, one query per line: { "query_id", "query", "candidates": [{ "id", "text" }] }, ' +
  'or { "query_id", "query", "collection", "candidates": ["doc-id", ...] }, or { "query_id", "query", "collection", "top": N } ' +
  "(the collection's BM25 top N); UTF-8, content-encoding identity, gzip, deflate or br. " +
  'Streamed and checked whole before anything is queued: a bad line (bad bytes included) is a 400 naming its number.';

const ApiUpload = () =>
  applyDecorators(
    ApiConsumes(...JOB_UPLOAD_TYPES),
    ApiBody({ description: UPLOAD_DESCRIPTION, schema: { type: 'string', format: 'binary' } }),
    ApiAcceptedResponse({ type: JobAcceptedResponse, description: 'Queued; Location: /v1/jobs/{id}' }),
    ApiBadRequestResponse({ description: 'A bad line (its number, the field and the limit), an empty upload, or a bad top_n' }),
    ApiNotFoundResponse({ description: 'Unknown model' }),
    ApiUnsupportedMediaTypeResponse({ description: 'Not NDJSON, or compressed other than by gzip, deflate or br' }),
  );

@ApiTags('jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a bulk rescoring job' })
  @ApiUpload()
  async submit(
    @Query() query: SubmitJobQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JobAcceptedResponse> {
    const accepted = await this.jobs.submit(request, query, requestIdOf(request));
    response.setHeader('Location', `/v1/jobs/${accepted.id}`);
    return accepted;
  }

  @Get(':id')
  @RateLimitExempt()
  @ApiOperation({ summary: "A job's state, progress, throughput and ETA" })
  @ApiOkResponse({ type: JobStatusResponse })
  @ApiNotFoundResponse({ description: 'Unknown (or expired) job' })
  status(@Param() params: JobIdParams): Promise<JobStatusResponse> {
    return this.jobs.status(params.id);
  }

  @Get(':id/results')
  @RateLimitExempt()
  @ApiOperation({
    summary: "A completed job's results, streamed",
    description:
      'One NDJSON line per query, in upload order: { "query_id", "results": [{ "id", "relevance_score", "rank" }] }, best first; ' +
      'with format=trec, a TREC run file (qid Q0 docid rank score tag).',
  })
  @ApiProduces('application/x-ndjson', 'text/plain')
  @ApiOkResponse({ description: 'NDJSON or TREC run lines' })
  @ApiConflictResponse({ description: 'The job has not completed (its state and progress are in the message)' })
  @ApiNotFoundResponse({ description: 'Unknown (or expired) job' })
  results(@Param() params: JobIdParams, @Query() query: JobResultsQuery, @Res() response: Response): Promise<void> {
    return this.jobs.streamResults(params.id, query.format ?? 'ndjson', response);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a job: its waiting batches are removed and no further pairs are scored' })
  @ApiOkResponse({ type: JobStatusResponse })
  @ApiConflictResponse({ description: 'The job has already completed, failed or been cancelled' })
  @ApiNotFoundResponse({ description: 'Unknown (or expired) job' })
  cancel(@Param() params: JobIdParams): Promise<JobStatusResponse> {
    return this.jobs.cancel(params.id);
  }
}
