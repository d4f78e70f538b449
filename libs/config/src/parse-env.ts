import { z } from 'zod';

/** Variables whose values may hold credentials and are never echoed back. */
const SECRET_VARIABLES = new Set(['REDIS_URL', 'REDIS_SENTINEL_PASSWORD', 'RERANK_API_KEYS']);

/** Raised when the environment is unusable; main() prints the message and exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` once at boot. Empty strings count as unset, so `PORT=` falls back to the
 * default instead of failing as "not a number".
 */
export function parseEnv<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data as z.infer<S>;
  const lines = parsed.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const given = !(variable in cleaned) ? '' : SECRET_VARIABLES.has(variable) ? ' (value hidden)' : ` (got "${cleaned[variable]}")`;
    return `  ${variable}: ${issue.message}${given}`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
