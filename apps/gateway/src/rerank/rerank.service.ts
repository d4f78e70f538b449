import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { assertDocumentsWithinLimit, assertQueryWithinLimit } from '../common/input-limits';
import { WindowingOptions } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { rankScoredFirst, sigmoid } from '@rerank/scoring';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { CachedScoringService } from '../scoring/cached-scoring.service';
import { assertAnswerable, requestDeadline } from '../scoring/deadline.policy';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import {
  DEFAULT_MEAN_TOP_K,
  DEFAULT_STRIDE,
  LongDocumentPolicy,
  RankedDocument,
  RerankCommand,
  RerankOutcome,
} from './rerank-command';

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
    assertDocumentsWithinLimit(
      command.documents.map((doc) => doc.text),
      command.documentsField,
      this.config.maxDocumentChars,
    );
    const scored = await this.dispatcher.dispatch({
      requestId: command.requestId,
      model,
      query: command.query,
      texts: command.documents.map((doc) => doc.text),
      windowing: this.windowingFor(command.longDocuments),
      maxDocumentTokens: command.longDocuments.maxTokensPerDoc,
      deadline: deadline.at,
    });
    assertAnswerable(scored.logits, { partial: command.partial ?? true, deadline, model });
    const ranked = rankScoredFirst(scored.logits);
    const topN = Math.min(command.topN ?? ranked.length, ranked.length);
    const results = ranked.slice(0, topN).map(({ index, logit }): RankedDocument => {
      const result: RankedDocument = {
        index,
        logit,
        score: logit === null || command.scoreMode === 'raw' ? logit : sigmoid(logit),
        document: command.documents[index],
      };
      const bestChunk = scored.bestChunks[index];
      if (bestChunk) result.bestChunk = bestChunk;
      return result;
    });
    const partial = ranked.some(({ logit }) => logit === null);
    return { model, results, partial, documents: command.documents.length, totalTokens: scored.realTokens };
  }

  /** The windowing a request asks for, with defaults filled in and the bounds checked; undefined to truncate. */
  private windowingFor(policy: LongDocumentPolicy): WindowingOptions | undefined {
    const limit = this.config.maxChunksPerDoc;
    const maxChunks = policy.maxChunksPerDoc ?? limit;
    if (maxChunks > limit) {
      throw new BadRequestException(`max_chunks_per_doc is ${maxChunks}; the limit is ${limit} (RERANK_MAX_CHUNKS_PER_DOC)`);
    }
    const aggregation = policy.aggregation ?? 'max';
    if (policy.meanTopK !== undefined && aggregation !== 'mean') {
      throw new BadRequestException(`mean_top_k applies only to aggregation "mean" (got "${aggregation}")`);
    }
    if (policy.meanTopK !== undefined && policy.meanTopK > maxChunks) {
      throw new BadRequestException(`mean_top_k (${policy.meanTopK}) must not exceed max_chunks_per_doc (${maxChunks})`);
    }
    if (policy.truncate) return undefined;
    return {
      aggregation,
      maxChunks,
      meanTopK: policy.meanTopK ?? Math.min(DEFAULT_MEAN_TOP_K, maxChunks),
      stride: policy.stride ?? DEFAULT_STRIDE,
    };
  }
}
