import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { assertDocumentsWithinLimit, assertQueryWithinLimit } from '../common/input-limits';
import { GatewayConfig } from '@rerank/config';
import { rankByLogit, Scored, sigmoid } from '@rerank/scoring/ranking';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { CachedScoringService } from '../scoring/cached-scoring.service';
import { assertAnswerable, requestDeadline } from '../scoring/deadline.policy';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { RankedDocument, RerankCommand, RerankOutcome } from './rerank-command';
import { windowingFor } from './windowing.policy';

/**
 * Ranks a client's candidates for a query on the fleet: the one implementation behind every
 * rerank dialect (Cohere v1 / Jina, Cohere v2, TEI), which only translate in and out.
 */
@Injectable()
export class RerankService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly queues: ScoreQueuesService,
    private readonly dispatcher: CachedScoringService,
  ) {}

  async rerank(command: RerankCommand): Promise<RerankOutcome> {
    const deadline = requestDeadline(command.deadlineMs, this.config);
    const model = this.queues.resolveModel(command.model);
    if (command.documents.length > this.config.maxDocuments) {
      throw new BadRequestException(
        `${command.documentsField} has ${command.documents.length} entries; the limit is ${this.config.maxDocuments} (RERANK_MAX_DOCUMENTS)`,
      );
    }
    assertQueryWithinLimit(command.query, this.config.maxQueryChars);
    const texts = command.documents.map((doc) => doc.text);
    assertDocumentsWithinLimit(texts, command.documentsField, this.config.maxDocumentChars);
    const scored = await this.dispatcher.dispatch({
      requestId: command.requestId,
      model,
      query: command.query,
      texts,
      windowing: windowingFor(command.longDocuments, this.config.maxChunksPerDoc),
      maxDocumentTokens: command.longDocuments.maxTokensPerDoc,
      truncationDirection: command.longDocuments.truncationDirection,
      deadline: deadline.at,
    });
    assertAnswerable(scored.logits, { partial: command.partial ?? true, deadline, model, queueAhead: scored.queueAhead });
    const scoredLogits: Scored[] = [];
    const unscored: number[] = [];
    scored.logits.forEach((logit, index) => (Number.isNaN(logit) ? unscored.push(index) : scoredLogits.push({ index, logit })));
    const ranked = rankByLogit(scoredLogits);
    const results = ranked.slice(0, command.topN ?? ranked.length).map(({ index, logit }): RankedDocument => {
      const result: RankedDocument = {
        index,
        logit,
        score: command.scoreMode === 'raw' ? logit : sigmoid(logit),
        document: command.documents[index],
      };
      const bestChunk = scored.bestChunks[index];
      if (bestChunk) result.bestChunk = bestChunk;
      return result;
    });
    // Every document the request holds counts, a repeated text twice, as the hosted APIs meter.
    // Workers that predate per-document counts report 0 for theirs: what they read still counts.
    const perDocument = ranked.reduce((sum, { index }) => sum + scored.documentTokens[index], 0);
    const totalTokens = Math.max(perDocument, scored.realTokens + scored.cachedTokens);
    return {
      model,
      results,
      unscored,
      partial: unscored.length > 0,
      documents: command.documents.length,
      totalTokens,
      cachedTokens: scored.cachedTokens,
    };
  }
}
