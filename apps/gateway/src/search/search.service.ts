import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { GatewayConfig } from '@rerank/config';
import { assertQueryWithinLimit } from '../common/input-limits';
import { RetrievalEngine, RetrievalMode, SearchHit, passageText } from '@rerank/retrieval';
import { rankScoredFirst, sigmoid } from '@rerank/scoring/ranking';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { orNotFound } from '../retrieval/collection-not-found';
import { RETRIEVAL_ENGINE } from '../retrieval/retrieval.tokens';
import { CachedScoringService } from '../scoring/cached-scoring.service';
import { assertAnswerable, requestDeadline } from '../scoring/deadline.policy';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { DEFAULT_CANDIDATES, SearchRequestDto } from './search-request.dto';
import { SearchResponse, SearchResult } from './search-response';

const DEFAULT_TOP_K = 10;

const milliseconds = (ms: number) => Math.round(ms * 100) / 100;

/** A hit as a result; a bm25 search's results keep the shape they had before dense retrieval existed. */
function toResult(hit: SearchHit, rank: number, mode: RetrievalMode): SearchResult {
  const result: SearchResult = { id: hit.id, text: hit.text, rank };
  if (hit.stages.bm25) result.bm25_score = hit.stages.bm25.score;
  if (hit.title !== undefined) result.title = hit.title;
  if (hit.metadata !== undefined) result.metadata = hit.metadata;
  if (mode !== 'bm25') {
    if (hit.stages.dense) result.dense_score = hit.stages.dense.score;
    if (mode === 'hybrid') result.fusion_score = hit.score;
    result.found_by = (['bm25', 'dense'] as const).filter((stage) => hit.stages[stage] !== undefined);
  }
  return result;
}

/**
 * First-stage retrieval over a collection, then (by default) cross-encoder reranking of the
 * candidates on the fleet, through the same dispatcher as POST /v1/rerank.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(RETRIEVAL_ENGINE) private readonly engine: RetrievalEngine,
    private readonly queues: ScoreQueuesService,
    private readonly dispatcher: CachedScoringService,
  ) {}

  async search(request: SearchRequestDto, requestId: string): Promise<SearchResponse> {
    const started = performance.now();
    // The deadline runs from arrival, first stage included.
    const deadline = requestDeadline(request.deadline_ms, this.config);
    const topK = request.top_k ?? DEFAULT_TOP_K;
    const candidates = request.candidates ?? Math.min(DEFAULT_CANDIDATES, this.config.maxCandidates);
    const rerank = request.rerank ?? true;
    this.checkLimits(topK, candidates, rerank);
    assertQueryWithinLimit(request.query, this.config.maxQueryChars);
    const model = rerank ? this.queues.resolveModel(request.model) : undefined;

    const mode = request.retrieval ?? (await this.defaultMode(request.collection));
    const limit = rerank ? candidates : topK;
    const hits = await orNotFound(() =>
      this.engine.retriever.search(request.collection, request.query, limit, {
        retrieval: mode,
        candidatesPerStage: request.candidates_per_stage ?? limit,
        rrfK: request.rrf_k ?? this.config.retrieval.rrfK,
        deadline: deadline.at,
        requestId,
      }),
    );
    const retrieved = performance.now();
    if (model === undefined || hits.length === 0) {
      return {
        results: hits.slice(0, topK).map((hit, i) => toResult(hit, i + 1, mode)),
        retrieval: mode,
        partial: false,
        timing: { retrieval_ms: milliseconds(retrieved - started), rerank_ms: 0, total_ms: milliseconds(retrieved - started) },
      };
    }

    const texts = hits.map(passageText);
    const scored = await this.dispatcher.dispatch({ requestId, model, query: request.query, texts, deadline: deadline.at });
    assertAnswerable(scored.logits, { partial: request.partial ?? true, deadline, model, queueAhead: scored.queueAhead });
    // Unscored candidates keep their first-stage order, after the reranked ones.
    const ranked = rankScoredFirst(scored.logits);
    const results = ranked.slice(0, topK).map(({ index, logit }, i): SearchResult => {
      const result = toResult(hits[index], i + 1, mode);
      return logit === null ? { ...result, relevance_score: null, unscored: true } : { ...result, relevance_score: sigmoid(logit) };
    });
    const finished = performance.now();
    return {
      results,
      retrieval: mode,
      partial: ranked.some(({ logit }) => logit === null),
      model,
      timing: {
        retrieval_ms: milliseconds(retrieved - started),
        rerank_ms: milliseconds(finished - retrieved),
        total_ms: milliseconds(finished - started),
      },
    };
  }

  /** hybrid for a collection with vectors, else bm25; the search itself answers 404 for a missing collection. */
  private async defaultMode(collection: string): Promise<RetrievalMode> {
    const info = await this.engine.collections.describe(collection);
    return info?.embeddingModel === undefined ? 'bm25' : 'hybrid';
  }

  private checkLimits(topK: number, candidates: number, rerank: boolean): void {
    const max = this.config.maxCandidates;
    if (topK > max) throw new BadRequestException(`top_k is ${topK}; the limit is ${max} (SEARCH_MAX_CANDIDATES)`);
    if (!rerank) return;
    if (candidates > max) throw new BadRequestException(`candidates is ${candidates}; the limit is ${max} (SEARCH_MAX_CANDIDATES)`);
    if (topK > candidates) {
      throw new BadRequestException(`top_k (${topK}) must not exceed candidates (${candidates}): only reranked candidates are returned`);
    }
  }
}
