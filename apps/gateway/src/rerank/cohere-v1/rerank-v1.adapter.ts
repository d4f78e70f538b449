import { RerankCommand, RerankOutcome } from '../rerank-command';
import { cohereCommandOf } from '../rerank-request.dto';
import { resultExtras } from '../rerank-response.parts';
import { RerankV1RequestDto } from './rerank-v1-request.dto';
import { RerankV1Response } from './rerank-v1-response';

/** Cohere v1 / Jina request → the dialect-neutral command. */
export function commandFromV1(request: RerankV1RequestDto, requestId: string): RerankCommand {
  return cohereCommandOf(request, requestId);
}

/** The outcome in the Cohere v1 / Jina response shape, plus `logit`, `id`, `metadata`, `best_chunk`, `unscored`, `partial` and `usage`. */
export function v1Response(outcome: RerankOutcome, requestId: string, returnDocuments: boolean): RerankV1Response {
  return {
    id: requestId,
    model: outcome.model,
    results: outcome.results.map((ranked) => ({
      index: ranked.index,
      relevance_score: ranked.score,
      logit: ranked.logit,
      ...resultExtras(ranked),
      ...(returnDocuments ? { document: ranked.document } : {}),
    })),
    partial: outcome.partial,
    usage: { documents: outcome.documents, total_tokens: outcome.totalTokens },
  };
}
