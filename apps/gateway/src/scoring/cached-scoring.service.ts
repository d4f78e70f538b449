import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ModelIdentity, ModelIdentityService } from './model-identity.service';
import { CachedScore, ScoreCache } from './score-cache';
import { scoreCacheKeys } from './score-cache-key';
import { DispatchRequest, DispatchResult, ScoreDispatcherService } from './score-dispatcher.service';

interface Lookup {
  identity: ModelIdentity;
  keys: string[];
  cached: (CachedScore | undefined)[];
}

const sameIdentity = (a: ModelIdentity | undefined, b: ModelIdentity) => a?.fingerprint === b.fingerprint && a.maxLength === b.maxLength;

/**
 * Scores a request through the fleet-wide score cache: pairs scored before under the same
 * model files, max length and reading options are answered from Redis, only the others go to
 * the queue (a request fully in the cache enqueues nothing), and fresh finite scores are kept
 * for next time. The cache is an optimisation only: when it cannot be read or written, or the
 * model's workers disagree on what they run, the request is scored as if it did not exist.
 */
@Injectable()
export class CachedScoringService {
  private readonly logger = new Logger(CachedScoringService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly dispatcher: ScoreDispatcherService,
    private readonly cache: ScoreCache,
    private readonly identities: ModelIdentityService,
    private readonly metrics: GatewayMetrics,
  ) {}

  async dispatch(request: DispatchRequest): Promise<DispatchResult> {
    if (!this.config.scoreCache.enabled) return this.dispatcher.dispatch(request);
    const found = await this.lookup(request);
    if (!found) return this.dispatcher.dispatch(request);
    const { identity, keys, cached } = found;

    // Missed texts by key: a text sent twice in one request is scored once.
    const misses = new Map<string, number[]>();
    cached.forEach((score, index) => {
      if (!score) misses.set(keys[index], [...(misses.get(keys[index]) ?? []), index]);
    });
    const hits = cached.filter((score) => score !== undefined).length;
    this.metrics.recordCacheLookups(request.model, hits, cached.length - hits);
    const logits = cached.map((score) => score?.logit ?? Number.NaN);
    const bestChunks = cached.map((score) => score?.bestChunk);
    const documentTokens = cached.map((score) => score?.tokens ?? 0);
    const cachedTokens = documentTokens.reduce((sum, tokens) => sum + tokens, 0);
    if (misses.size === 0) return { logits, bestChunks, documentTokens, cachedTokens, realTokens: 0, paddedTokens: 0, jobs: 0 };

    const groups = [...misses.values()];
    const scored = await this.dispatcher.dispatch({ ...request, texts: groups.map(([index]) => request.texts[index]) });
    groups.forEach((indices, miss) => {
      for (const index of indices) {
        logits[index] = scored.logits[miss];
        bestChunks[index] = scored.bestChunks[miss];
        documentTokens[index] = scored.documentTokens[miss];
      }
    });
    await this.store(request, identity, [...misses.keys()], scored);
    return {
      logits,
      bestChunks,
      documentTokens,
      cachedTokens,
      realTokens: scored.realTokens,
      paddedTokens: scored.paddedTokens,
      jobs: scored.jobs,
      queueAhead: scored.queueAhead,
    };
  }

  private async lookup(request: DispatchRequest): Promise<Lookup | undefined> {
    try {
      const identity = await this.identities.current(request.model);
      if (!identity) return undefined;
      const reading = {
        model: request.model,
        ...identity,
        windowing: request.windowing,
        maxDocumentTokens: request.maxDocumentTokens,
        truncationDirection: request.truncationDirection,
      };
      const keys = scoreCacheKeys(this.config.queuePrefix, reading, request.query, request.texts);
      return { identity, keys, cached: await this.cache.lookup(keys) };
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn({ msg: 'score cache lookup failed; scoring without it', requestId: request.requestId, reason });
      return undefined;
    }
  }

  /** Keeps the finite scores of `scored` (one per key); a document left unscored (NaN) is never cached. */
  private async store(request: DispatchRequest, identity: ModelIdentity, keys: string[], scored: DispatchResult): Promise<void> {
    const entries = keys.flatMap((key, miss): [string, CachedScore][] => {
      const logit = scored.logits[miss];
      if (!Number.isFinite(logit)) return [];
      const bestChunk = scored.bestChunks[miss];
      const tokens = scored.documentTokens[miss];
      return [[key, bestChunk ? { logit, tokens, bestChunk } : { logit, tokens }]];
    });
    if (entries.length === 0) return;
    try {
      // A worker running other files may have joined and taken some of these jobs meanwhile.
      if (!sameIdentity(await this.identities.current(request.model), identity)) return;
      await this.cache.store(entries);
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn({ msg: 'score cache store failed; the scores are answered but not kept', requestId: request.requestId, reason });
    }
  }
}
