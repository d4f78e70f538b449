import { UnauthorizedException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { ApiKeyVerifier } from '../auth/api-key.verifier';

export const ADMIN_REALM = 'rerank-fleet admin';

const BASIC = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i;

/** The password of an HTTP Basic `Authorization` header, or undefined if it is not one. */
function basicPassword(authorization: string | undefined): string | undefined {
  const encoded = authorization ? BASIC.exec(authorization)?.[1] : undefined;
  if (encoded === undefined) return undefined;
  const credentials = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

/**
 * Guards the admin pages, which are express middleware (bull-board) that the global
 * ApiKeyGuard never sees. Takes the same keys as the API: as a bearer token, or as the password
 * of HTTP Basic (any user name), so a browser can open the dashboard through its login prompt.
 */
export function adminAuth(verifier: ApiKeyVerifier) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (verifier.open) return next();
    const authorization = request.header('authorization');
    const password = basicPassword(authorization);
    const keyId = password === undefined ? verifier.identify(authorization) : verifier.identifyKey(password);
    if (keyId !== undefined) return next();
    response.setHeader('WWW-Authenticate', `Basic realm="${ADMIN_REALM}"`);
    next(new UnauthorizedException('unauthorized'));
  };
}
