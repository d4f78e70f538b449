import { UnauthorizedException } from '@nestjs/common';
import { Request, Response } from 'express';
import { hashApiKey } from '@rerank/config';
import { ApiKeyVerifier } from '../auth/api-key.verifier';
import { adminAuth } from './admin-auth.middleware';

const KEY = 'admin-key-0123456789abcdef';
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

/** Runs the middleware on a request with `authorization`; returns what it passed to next() and the challenge it set. */
function run(verifier: ApiKeyVerifier, authorization?: string): { passed: unknown[]; challenge?: string } {
  const headers = new Map<string, string>();
  const request = { header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) } as Request;
  const response = { setHeader: (name: string, value: string) => headers.set(name, value) } as unknown as Response;
  let passed: unknown[] = [];
  adminAuth(verifier)(request, response, (...args: unknown[]) => (passed = args));
  return { passed, challenge: headers.get('WWW-Authenticate') };
}

describe('adminAuth', () => {
  const verifier = new ApiKeyVerifier({ mode: 'keys', keyHashes: [hashApiKey(KEY)] });

  it('lets through a key as a bearer token, or as the HTTP Basic password under any user name', () => {
    for (const authorization of [`Bearer ${KEY}`, basic(`admin:${KEY}`), basic(`:${KEY}`), basic(`someone:${KEY}`)]) {
      expect(run(verifier, authorization)).toEqual({ passed: [], challenge: undefined });
    }
  });

  it('answers 401 with a Basic challenge, so a browser asks for the key, when it is missing or wrong', () => {
    for (const authorization of [
      undefined,
      `Bearer wrong-key-0123456789abc`,
      basic(`${KEY}:`),
      basic('admin:wrong'),
      basic(KEY),
      'Basic %%%',
      KEY,
    ]) {
      const { passed, challenge } = run(verifier, authorization);
      expect(passed).toEqual([expect.any(UnauthorizedException)]);
      expect(challenge).toBe('Basic realm="rerank-fleet admin"');
    }
  });

  it('is open, like the API, when the gateway runs without keys', () => {
    expect(run(new ApiKeyVerifier({ mode: 'open', keyHashes: [] }))).toEqual({ passed: [], challenge: undefined });
  });
});
