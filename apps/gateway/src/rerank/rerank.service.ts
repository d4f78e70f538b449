import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { rankByLogit, sigmoid } from '@rerank/scoring';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ScoreDispatcherService } from '../scoring/score-dispatcher.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { RerankDocumentInput, RerankRequestDto } from './rerank-request.dto';
import { RerankDocumentEcho, RerankResponse, RerankResult } from './rerank-response';

function toEcho(doc: RerankDocumentInput): RerankDocumentEcho {
  if (typeof doc === 'string') return { text: doc };
  return doc.id === undefined ? { text: doc.text } : { text: doc.text, id: doc.id };
}

/** Ranks a client's candidates for a query on the fleet. */
@Injectable()
export class RerankService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly queues: ScoreQueuesService,
    private readonly dispatcher: ScoreDispatcherService,
  ) {}

  async rerank(request: RerankRequestDto, requestId: string): Promise<RerankResponse> {
    const model = this.queues.resolveModel(request.model);
    if (request.documents.length > this.config.maxDocuments) {
      throw new BadRequestException(
        `documents has ${request.documents.length} entries; the limit is ${this.config.maxDocuments} (RERANK_MAX_DOCUMENTS)`,
      );
    }
    const documents = request.documents.map(toEcho);
    const scored = await this.dispatcher.dispatch({
      requestId,
      model,
      query: request.query,
      texts: documents.map((doc) => doc.text),
    });
    const ranked = rankByLogit(scored.logits.map((logit, index) => ({ index, logit })));
    const topN = Math.min(request.top_n ?? ranked.length, ranked.length);
    const results = ranked.slice(0, topN).map(({ index, logit }): RerankResult => {
      const result: RerankResult = { index, relevance_score: sigmoid(logit), logit };
      const { id } = documents[index];
      if (id !== undefined) result.id = id;
      if (request.return_documents) result.document = documents[index];
      return result;
    });
    return {
      id: requestId,
      model,
      results,
      usage: { documents: documents.length, total_tokens: scored.realTokens },
    };
  }
}
