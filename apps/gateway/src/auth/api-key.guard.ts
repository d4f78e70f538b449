import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { GatewayConfig } from '@rerank/config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ApiKeyVerifier } from './api-key.verifier';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs `Authorization: Bearer <key>` unless marked @Public() or the gateway runs open. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    this.verifier = new ApiKeyVerifier(config.auth);
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic || this.verifier.open) return true;
    const http = context.switchToHttp();
    if (this.verifier.accepts(http.getRequest<Request>().header('authorization'))) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    // No detail: whether a key was missing, malformed or wrong is nobody else's business.
    throw new UnauthorizedException('unauthorized');
  }
}
