import { RerankCommand, RerankOutcome } from '../rerank-command';
import { cohereCommandOf } from '../rerank-request.dto';
import { withResultExtras } from '../rerank-response.parts';
import { searchUnitsOf } from '../cohere-v1/search-units';
import { DEFAULT_MAX_TOKENS_PER_DOC, RerankV2RequestDto } from './rerank-v2-request.dto';
import { RerankV2Response } from './rerank-v2-response';

/** Cohere v2 request → the dialect-neutral command. */
export function commandFromV2(request: RerankV2RequestDto, requestId: string): RerankCommand {
  const command = cohereCommandOf(request, requestId);
  return {
    ...command,
    longDocuments: { ...command.longDocuments, maxTokensPerDoc: request.max_tokens_per_doc ?? DEFAULT_MAX_TOKENS_PER_DOC },
  };
}

/** The outcome in the Cohere v2 response shape, plus `partial`, `unscored`, and `id`, `metadata` and `best_chunk` where there are some. */
export function v2Response(outcome: RerankOutcome, requestId: string, returnDocuments = false): RerankV2Response {
  return {
    id: requestId,
    results: outcome.results.map((ranked) =>
      withResultExtras({ index: ranked.index, relevance_score: ranked.score }, ranked, returnDocuments),
    ),
    partial: outcome.partial,
    unscored: outcome.unscored,
    meta: {
      api_version: { version: '2' },
      billed_units: { search_units: searchUnitsOf(outcome.documents) },
      tokens: { input_tokens: outcome.totalTokens, cached_input_tokens: outcome.cachedTokens },
    },
  };
}
