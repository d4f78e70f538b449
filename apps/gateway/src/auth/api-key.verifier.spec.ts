import { authFromEnv, hashApiKey } from '@rerank/config';
import { ApiKeyVerifier } from './api-key.verifier';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';

describe('ApiKeyVerifier', () => {
  const verifier = new ApiKeyVerifier({ mode: 'keys', keyHashes: [hashApiKey(KEY_A), hashApiKey(KEY_B)] });

  it('accepts each configured key as a bearer token', () => {
    expect(verifier.accepts(`Bearer ${KEY_A}`)).toBe(true);
    expect(verifier.accepts(`bearer ${KEY_B}`)).toBe(true);
  });

  it('rejects a missing, wrong, partial or non-bearer credential', () => {
    expect(verifier.accepts(undefined)).toBe(false);
    expect(verifier.accepts('Bearer nope')).toBe(false);
    expect(verifier.accepts(`Bearer ${KEY_A.slice(0, -1)}`)).toBe(false);
    expect(verifier.accepts(`Basic ${KEY_A}`)).toBe(false);
    expect(verifier.accepts(KEY_A)).toBe(false);
  });

  it('accepts anything when the gateway runs open', () => {
    expect(new ApiKeyVerifier({ mode: 'open', keyHashes: [] }).accepts(undefined)).toBe(true);
  });
});

describe('authFromEnv', () => {
  it('keeps only digests of the keys', () => {
    const auth = authFromEnv({ RERANK_API_KEYS: `${KEY_A}, ${KEY_B}` });
    expect(auth.mode).toBe('keys');
    expect(auth.keyHashes).toEqual([hashApiKey(KEY_A), hashApiKey(KEY_B)]);
    expect(JSON.stringify(auth)).not.toContain(KEY_A);
  });

  it('runs open without keys outside production, and refuses to in production unless told', () => {
    expect(authFromEnv({}).mode).toBe('open');
    expect(() => authFromEnv({ NODE_ENV: 'production' })).toThrow(/refusing to start open with NODE_ENV=production/);
    expect(authFromEnv({ NODE_ENV: 'production', RERANK_AUTH: 'off' }).mode).toBe('open');
  });

  it('rejects short keys, a missing key file, and RERANK_AUTH=on without keys', () => {
    expect(() => authFromEnv({ RERANK_API_KEYS: 'short' })).toThrow('at least 16 characters (one has 5)');
    expect(() => authFromEnv({ RERANK_API_KEYS_FILE: '/nonexistent/keys' })).toThrow(
      'RERANK_API_KEYS_FILE: cannot read /nonexistent/keys (ENOENT)',
    );
    expect(() => authFromEnv({ RERANK_AUTH: 'on' })).toThrow('RERANK_AUTH=on needs keys');
  });
});
