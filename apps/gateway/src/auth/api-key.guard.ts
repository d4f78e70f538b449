import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RedisClient } from '@rerank/queue';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { GatewayConfig } from '@rerank/config';
import { RetryLaterException } from '../common/retry-later.exception';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { KeyRateLimiter } from './key-rate-limiter';
import { ApiKeyVerifier } from './api-key.verifier';
import { IS_PUBLIC } from './public.decorator';
import { RATE_LIMIT_EXEMPT } from './rate-limit-exempt.decorator';

/** Every route needs `Authorization: Bearer <key>` unless marked @Public() or the gateway runs open. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;
  private readonly limiter: KeyRateLimiter;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(GATEWAY_REDIS) redis: RedisClient,
    private readonly reflector: Reflector,
  ) {
    this.verifier = new ApiKeyVerifier(config.auth);
    this.limiter = new KeyRateLimiter(redis, config.queuePrefix, config.rateLimits);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic || this.verifier.open) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const keyId = this.verifier.identify(request.header('authorization'));
    if (keyId === undefined) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      // No detail: whether a key was missing, malformed or wrong is nobody else's business.
      throw new UnauthorizedException('unauthorized');
    }
    if (!this.limiter.enabled) return true;
    if (this.reflector.getAllAndOverride<boolean>(RATE_LIMIT_EXEMPT, [context.getHandler(), context.getClass()])) return true;
    const decision = await this.limiter.take(keyId, pairsAskedFor(request.body));
    if (decision.allowed) return true;
    throw new RetryLaterException(
      `rate limit of this API key exceeded (${decision.exceeded} per minute); retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
  }
}

/** Pairs a request will make the fleet score: its documents (rerank dialects) or candidates (search). */
function pairsAskedFor(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const { documents, texts, candidates, rerank } = body as Record<string, unknown>;
  if (Array.isArray(documents)) return documents.length;
  if (Array.isArray(texts)) return texts.length;
  if (rerank !== false && 'collection' in body) return typeof candidates === 'number' ? candidates : 100;
  return 0;
}
