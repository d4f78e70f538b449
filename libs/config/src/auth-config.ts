import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './parse-env';

export interface AuthConfig {
  /** `open` serves anyone; `keys` demands `Authorization: Bearer <key>`. */
  mode: 'open' | 'keys';
  /** SHA-256 digests of the accepted keys; the keys themselves are not kept. */
  keyHashes: Buffer[];
}

export interface AuthEnv {
  RERANK_API_KEYS?: string;
  RERANK_API_KEYS_FILE?: string;
  RERANK_AUTH?: 'on' | 'off';
  NODE_ENV?: string;
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function keysFromFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `RERANK_API_KEYS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * Decides who may call the gateway. Without keys it runs open, which production only allows
 * when RERANK_AUTH=off says so: a forgotten variable must not expose the fleet.
 */
export function authFromEnv(env: AuthEnv): AuthConfig {
  const keys = [
    ...(env.RERANK_API_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
    ...(env.RERANK_API_KEYS_FILE ? keysFromFile(env.RERANK_API_KEYS_FILE) : []),
  ];
  const tooShort = keys.find((key) => key.length < 16);
  if (tooShort !== undefined) {
    throw new ConfigError(`RERANK_API_KEYS: every key needs at least 16 characters (one has ${tooShort.length})`);
  }
  if (env.RERANK_AUTH === 'off') return { mode: 'open', keyHashes: [] };
  if (keys.length > 0) return { mode: 'keys', keyHashes: keys.map(hashApiKey) };
  if (env.RERANK_AUTH === 'on') {
    throw new ConfigError('RERANK_AUTH=on needs keys: set RERANK_API_KEYS or RERANK_API_KEYS_FILE');
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'refusing to start open with NODE_ENV=production: set RERANK_API_KEYS or RERANK_API_KEYS_FILE, ' +
        'or RERANK_AUTH=off to serve without authentication on purpose',
    );
  }
  return { mode: 'open', keyHashes: [] };
}
