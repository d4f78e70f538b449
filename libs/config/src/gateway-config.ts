import { GatewayEnv, gatewayEnvSchema } from './env-schema';
import { modelNameFor } from './model-name';
import { parseEnv } from './parse-env';

export interface GatewayConfig {
  port: number;
  host: string;
  redisUrl: string;
  queuePrefix: string;
  /** Name of the model requests default to; workers serving it register under the same name. */
  defaultModel: string;
  logLevel: GatewayEnv['LOG_LEVEL'];
  maxDocuments: number;
  bodyLimitBytes: number;
  jobDocuments: number;
  requestTimeoutMs: number;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = parseEnv(gatewayEnvSchema, env);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    defaultModel: modelNameFor(parsed.RERANK_MODEL, parsed.RERANK_MODEL_NAME),
    logLevel: parsed.LOG_LEVEL,
    maxDocuments: parsed.RERANK_MAX_DOCUMENTS,
    bodyLimitBytes: parsed.RERANK_BODY_LIMIT_BYTES,
    jobDocuments: parsed.RERANK_JOB_DOCUMENTS,
    requestTimeoutMs: parsed.RERANK_REQUEST_TIMEOUT_MS,
  };
}
