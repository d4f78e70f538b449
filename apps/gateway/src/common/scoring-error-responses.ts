import { applyDecorators } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ErrorBody } from './error-body';

/** The error answers every route that scores pairs can give, documented once for /docs. */
export function ScoringErrorResponses(): MethodDecorator {
  const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
  return applyDecorators(
    ApiBadRequestResponse({ type: ErrorBody, description: 'A field is missing, of the wrong type or over its limit' }),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'API keys are configured and the request has none, or a wrong one' }),
    ApiNotFoundResponse({ type: ErrorBody, description: 'The model (or collection) is not served here' }),
    ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The body is over RERANK_BODY_LIMIT_BYTES' }),
    ApiUnsupportedMediaTypeResponse({ type: ErrorBody, description: 'The body is not JSON' }),
    ApiTooManyRequestsResponse({
      type: ErrorBody,
      headers: retryAfter,
      description: "The key's rate limit is spent, or the model's queue is over RERANK_MAX_QUEUED_PAIRS or RERANK_MAX_QUEUE_SECONDS",
    }),
    ApiBadGatewayResponse({ type: ErrorBody, description: 'A scoring job failed for good' }),
    ApiServiceUnavailableResponse({
      type: ErrorBody,
      headers: retryAfter,
      description: 'Redis is unreachable, or no live worker serves the model',
    }),
    ApiGatewayTimeoutResponse({
      type: ErrorBody,
      description: 'The deadline passed with nothing scored, or with some unscored and "partial": false',
    }),
  );
}
