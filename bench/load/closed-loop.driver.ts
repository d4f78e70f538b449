import autocannon from 'autocannon';
import { RERANK_PATH } from './rerank.sender';
import type { MixedRequest } from './request-mix.generator';
import type { StatusTally } from './status.tally';

export interface ClosedLoopOptions {
  url: string;
  headers: Record<string, string>;
  /** Requests in flight: each answer is followed at once by the next request on its connection. */
  connections: number;
  durationS: number;
  timeoutS: number;
  next: () => MixedRequest;
  tally: StatusTally;
  /** Called for every complete (not partial) 2xx answer, with its arrival time and pairs. */
  onComplete?: (atMs: number, pairs: number) => void;
}

export interface ClosedLoopResult {
  sent: number;
  /** Requests still out when the time was up: autocannon drops them unanswered. */
  cut_off: number;
  wallMs: number;
}

/** What autocannon keeps per connection between building a request and reading its answer. */
interface RequestContext {
  documents?: number;
  sentMs?: number;
}

/**
 * A closed loop of `connections` clients for `durationS` seconds with autocannon, each request
 * a new body of the mix (autocannon's `setupRequest`), each answer read whole (`onResponse`) so
 * partial answers are counted.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const { tally } = options;
  const before = tally.summary();
  const request: autocannon.Request = {
    method: 'POST',
    path: RERANK_PATH,
    headers: options.headers,
    setupRequest: (defaults, context) => {
      const next = options.next();
      Object.assign(context as RequestContext, { documents: next.documents, sentMs: performance.now() });
      return { ...defaults, body: next.body };
    },
    onResponse: (status, body, context) => {
      const { documents = 0, sentMs = performance.now() } = context as RequestContext;
      const now = performance.now();
      if (tally.recordAnswer(status, body, documents, now - sentMs) === 'complete') options.onComplete?.(now, documents);
    },
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        timeout: options.timeoutS,
        requests: [request],
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('reqError', (error: Error) => {
      tally.recordFailure(error.message === 'request timed out' ? 'timeout' : 'connection', error.message);
    });
  });
  const after = tally.summary();
  const settled = after.answered + after.timeouts + after.connection_errors - (before.answered + before.timeouts + before.connection_errors);
  return { sent: result.requests.sent, cut_off: Math.max(0, result.requests.sent - settled), wallMs: Math.round(result.duration * 1000) };
}
