import type { MixedRequest } from './request-mix.generator';
import type { AnswerClass, StatusTally } from './status.tally';

export const RERANK_PATH = '/v1/rerank';

/** The headers of every request of a run: JSON, and the API key when there is one. */
export function requestHeaders(apiKey: string | undefined): Record<string, string> {
  return { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) };
}

/** POSTs mix bodies to a gateway's /v1/rerank with fetch, for the closed and open loops and the warm-up. */
export class RerankSender {
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
  ) {}

  /**
   * One request; its answer, or why none came, goes into `tally` with the latency since `sinceMs`.
   * Returns how the answer was counted, `unanswered` for a timeout or a connection error.
   */
  async send(request: MixedRequest, tally: StatusTally, sinceMs: number): Promise<AnswerClass | 'unanswered'> {
    try {
      const { status, body, retryAfter } = await this.post(request);
      return tally.recordAnswer(status, body, request.documents, performance.now() - sinceMs, retryAfter);
    } catch (error) {
      tally.recordFailure(errorName(error) === 'TimeoutError' ? 'timeout' : 'connection', describe(error));
      return 'unanswered';
    }
  }

  /** One request whose answer must be a 2xx; else throws with the status and body, e.g. a 401 for a missing key. */
  async expectOk(request: MixedRequest): Promise<void> {
    let answer: { status: number; body: string };
    try {
      answer = await this.post(request);
    } catch (error) {
      throw new Error(`POST ${this.url}${RERANK_PATH} failed: ${describe(error)}`);
    }
    if (answer.status < 200 || answer.status >= 300) {
      const hint = answer.status === 401 ? ' (pass --api-key or set RERANK_API_KEY)' : '';
      throw new Error(`POST ${this.url}${RERANK_PATH} answered ${answer.status}${hint}: ${answer.body.slice(0, 300)}`);
    }
  }

  private async post(request: MixedRequest): Promise<{ status: number; body: string; retryAfter: string | null }> {
    const response = await fetch(`${this.url}${RERANK_PATH}`, {
      method: 'POST',
      headers: this.headers,
      body: request.body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
  }
}

// Duck-typed rather than `instanceof Error`: fetch's errors may come from another realm
// (Node's own, seen from a vm context such as Jest's), where that test is false.
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

const errorName = (error: unknown) => (typeof error === 'object' && error !== null ? (error as ErrorLike).name : undefined);

/** fetch hides the socket error under `cause` ("fetch failed"); the cause is what says what happened. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, cause } = error as ErrorLike;
  const causeMessage = typeof cause === 'object' && cause !== null ? (cause as ErrorLike).message : undefined;
  return typeof causeMessage === 'string' ? `${String(message)}: ${causeMessage}` : String(message);
}
