import { RerankCommand, RerankOutcome } from '../rerank-command';
import { TeiRerankRequestDto } from './tei-rerank-request.dto';
import { TeiRank } from './tei-rerank-response';

/** TEI request → the dialect-neutral command. TEI has no top_n: every text comes back. */
export function commandFromTei(request: TeiRerankRequestDto, requestId: string): RerankCommand {
  return {
    requestId,
    model: request.model,
    query: request.query,
    documents: request.texts.map((text) => ({ text })),
    documentsField: 'texts',
    scoreMode: request.raw_scores ? 'raw' : 'sigmoid',
    longDocuments: {
      truncate: request.truncate,
      truncationDirection: request.truncation_direction?.toLowerCase() === 'left' ? 'left' : 'right',
    },
    deadlineMs: request.deadline_ms,
    partial: request.partial ?? false,
  };
}

/** The outcome as TEI answers: a bare array of `{ index, text?, score }`, best first; texts left unscored are not in it. */
export function teiResponse(outcome: RerankOutcome, returnText: boolean): TeiRank[] {
  return outcome.results.map((ranked) =>
    returnText ? { index: ranked.index, text: ranked.document.text, score: ranked.score } : { index: ranked.index, score: ranked.score },
  );
}
