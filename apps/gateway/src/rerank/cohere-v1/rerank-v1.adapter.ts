import { RerankCommand, RerankOutcome } from '../rerank-command';
import { cohereCommandOf } from '../rerank-request.dto';
import { withResultExtras } from '../rerank-response.parts';
import { RerankV1RequestDto } from './rerank-v1-request.dto';
import { RerankV1Response } from './rerank-v1-response';
import { searchUnitsOf } from './search-units';

/** Cohere v1 / Jina request → the dialect-neutral command. */
export function commandFromV1(request: RerankV1RequestDto, requestId: string): RerankCommand {
  return cohereCommandOf(request, requestId, request.rank_fields);
}

/**
 * The outcome in the Cohere v1 / Jina response shape (with `meta`, as Cohere v1 answers), plus
 * `logit`, `id`, `metadata`, `best_chunk`, `partial`, `unscored` and `usage`.
 */
export function v1Response(outcome: RerankOutcome, requestId: string, returnDocuments: boolean): RerankV1Response {
  return {
    id: requestId,
    model: outcome.model,
    results: outcome.results.map((ranked) =>
      withResultExtras({ index: ranked.index, relevance_score: ranked.score, logit: ranked.logit }, ranked, returnDocuments),
    ),
    partial: outcome.partial,
    unscored: outcome.unscored,
    usage: { documents: outcome.documents, total_tokens: outcome.totalTokens, cached_tokens: outcome.cachedTokens },
    meta: { api_version: { version: '1' }, billed_units: { search_units: searchUnitsOf(outcome.documents) } },
  };
}
