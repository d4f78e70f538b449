import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RedisClient } from '@rerank/queue';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { GatewayConfig } from '@rerank/config';
import { RetryLaterException } from '../common/retry-later.exception';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';
import { KeyRateLimiter } from './key-rate-limiter';
import { ApiKeyVerifier } from './api-key.verifier';
import { PAIRS_ASKED_FOR, PairsOfBody } from './pairs-asked-for.decorator';
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
    const decision = await this.limiter.take(keyId, this.pairsAskedFor(context, request.body));
    if (decision.allowed) return true;
    throw new RetryLaterException(
      `rate limit of this API key exceeded (${decision.exceeded} per minute); retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
  }

  /** What the route says its body asks the fleet to score (see @PairsAskedFor); 0 for a route that scores nothing. */
  private pairsAskedFor(context: ExecutionContext, body: unknown): number {
    const pairsOf = this.reflector.get<PairsOfBody | undefined>(PAIRS_ASKED_FOR, context.getHandler());
    if (!pairsOf || typeof body !== 'object' || body === null) return 0;
    return pairsOf(body as Record<string, unknown>);
  }
}
