import { BadRequestException, GatewayTimeoutException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { formatPairsPerSecond } from './drain-rate.estimator';

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

/** What was queued ahead of the request when it joined, and how fast the fleet finished work. */
export interface QueueAheadReading {
  pairs: number;
  pairsPerSecond: number;
}

/**
 * Why nothing came back in time, from the queue the request joined: work ahead of it that the
 * workers could not get through before the deadline, or no worker finishing anything at all.
 */
function nothingScoredBecause(deadline: RequestDeadline, queue: QueueAheadReading | undefined): string {
  if (!queue || !(queue.pairsPerSecond > 0)) {
    return 'no worker finished any work for this model lately; check that a worker serves it (GET /health)';
  }
  const rate = formatPairsPerSecond(queue.pairsPerSecond);
  const seconds = queue.pairs / queue.pairsPerSecond;
  const ahead = `${queue.pairs} pairs were queued ahead of it and the workers finish about ${rate} pairs/s (${seconds.toFixed(1)} s of work)`;
  if (seconds * 1000 >= deadline.ms / 2) {
    return (
      `the queue was too long for the deadline: ${ahead}; ` +
      'retry later or with a longer deadline_ms, add workers, or set RERANK_MAX_QUEUE_SECONDS to refuse such requests at once with a 429'
    );
  }
  return (
    `the workers did not get to it in time although little was queued ahead (${ahead}): ` +
    'a worker may be stuck, or the request is too large for its deadline; check GET /health, or retry with a longer deadline_ms'
  );
}

/**
 * Whether the scores that came back by the deadline (NaN for the rest) can be answered: all of
 * them always, some of them when the client takes partial answers. Otherwise 504 — also when
 * none came back, since a partial answer would then rank nothing at all.
 */
export function assertAnswerable(
  logits: readonly number[],
  options: { partial: boolean; deadline: RequestDeadline; model: string; queueAhead?: QueueAheadReading },
): void {
  const unscored = logits.filter(Number.isNaN).length;
  if (unscored === 0) return;
  const scored = logits.length - unscored;
  if (options.partial && scored > 0) return;
  const hint =
    scored === 0
      ? nothingScoredBecause(options.deadline, options.queueAhead)
      : `with "partial": true the ${scored} scored documents would come back ranked, the others after them`;
  throw new GatewayTimeoutException(
    `scoring did not finish within ${options.deadline.ms} ms ` +
      `(${scored} of ${logits.length} documents scored for model "${options.model}"); ${hint}`,
  );
}
