import { BadRequestException, GatewayTimeoutException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';

/** When a request's scores are due. */
export interface RequestDeadline {
  /** Epoch ms. */
  at: number;
  /** Milliseconds from arrival: the request's `deadline_ms`, or RERANK_REQUEST_TIMEOUT_MS. */
  ms: number;
}

/** The deadline a request asks for (`deadline_ms`), or the server's; 400 past RERANK_MAX_DEADLINE_MS. */
export function requestDeadline(
  deadlineMs: number | undefined,
  config: Pick<GatewayConfig, 'requestTimeoutMs' | 'maxDeadlineMs'>,
  arrivedAt = Date.now(),
): RequestDeadline {
  if (deadlineMs !== undefined && deadlineMs > config.maxDeadlineMs) {
    throw new BadRequestException(`deadline_ms is ${deadlineMs}; the limit is ${config.maxDeadlineMs} (RERANK_MAX_DEADLINE_MS)`);
  }
  const ms = deadlineMs ?? config.requestTimeoutMs;
  return { at: arrivedAt + ms, ms };
}

/**
 * Whether the scores that came back by the deadline (NaN for the rest) can be answered: all of
 * them always, some of them when the client takes partial answers. Otherwise 504 — also when
 * none came back, since a partial answer would then rank nothing at all.
 */
export function assertAnswerable(logits: readonly number[], options: { partial: boolean; deadline: RequestDeadline; model: string }): void {
  const unscored = logits.filter(Number.isNaN).length;
  if (unscored === 0) return;
  const scored = logits.length - unscored;
  if (options.partial && scored > 0) return;
  const hint =
    scored === 0
      ? 'check that a worker serves this model (GET /health)'
      : `with "partial": true the ${scored} scored documents would come back ranked, the others after them`;
  throw new GatewayTimeoutException(
    `scoring did not finish within ${options.deadline.ms} ms ` +
      `(${scored} of ${logits.length} documents scored for model "${options.model}"); ${hint}`,
  );
}
