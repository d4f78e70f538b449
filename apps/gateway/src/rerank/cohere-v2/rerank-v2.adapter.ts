import { RerankCommand, RerankOutcome } from '../rerank-command';
import { cohereCommandOf } from '../rerank-request.dto';
import { resultExtras } from '../rerank-response.parts';
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

/** The outcome in the Cohere v2 response shape, plus `partial`, and `id`, `metadata`, `best_chunk` and `unscored` where there are some. */
export function v2Response(outcome: RerankOutcome, requestId: string): RerankV2Response {
  return {
    id: requestId,
    results: outcome.results.map((ranked) => ({ index: ranked.index, relevance_score: ranked.score, ...resultExtras(ranked) })),
    partial: outcome.partial,
    meta: { api_version: { version: '2' }, tokens: { input_tokens: outcome.totalTokens } },
  };
}
