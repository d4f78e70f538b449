/** What a load run counts, by the class of answer a reranking client has to handle. */
export interface StatusCounts {
  /** Requests that got an HTTP answer of any status. */
  answered: number;
  ok_2xx: number;
  /** 2xx answers whose body says `"partial": true` (counted inside `ok_2xx` too). */
  partial: number;
  /** 2xx answers whose body is not JSON (counted inside `ok_2xx` too). */
  unreadable_2xx: number;
  /** Documents of the complete (not partial) 2xx answers: pairs known to be scored. */
  ok_pairs: number;
  http_429: number;
  http_504: number;
  other_5xx: number;
  other_4xx: number;
  /** 1xx and 3xx: a reranking gateway should send neither. */
  other_status: number;
  /** No answer within the client's timeout. */
  timeouts: number;
  /** Refused, reset or otherwise failed connections. */
  connection_errors: number;
  by_status: Record<string, number>;
  /** The 429s by their Retry-After in seconds ("none" without one): whether refused clients are told to come back at once. */
  retry_after_429: Record<string, number>;
  /** The first answer of each non-2xx status (and the first connection error), cut to 200 characters. */
  examples: Record<string, string>;
}

const EXAMPLE_CHARS = 200;

/** How one answer was counted. */
export type AnswerClass = 'complete' | 'partial' | 'unreadable' | 'error';

/** A 2xx body's top-level `"partial": true`, the flag of an answer that scored only some documents. */
export function partialFlag(body: string): boolean | 'unreadable' {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && (parsed as { partial?: unknown }).partial === true;
  } catch {
    return 'unreadable';
  }
}

/** Counts answers by class and keeps their latencies; one instance per measured phase. */
export class StatusTally {
  private readonly counts: StatusCounts = {
    answered: 0,
    ok_2xx: 0,
    partial: 0,
    unreadable_2xx: 0,
    ok_pairs: 0,
    http_429: 0,
    http_504: 0,
    other_5xx: 0,
    other_4xx: 0,
    other_status: 0,
    timeouts: 0,
    connection_errors: 0,
    by_status: {},
    retry_after_429: {},
    examples: {},
  };
  /** Latencies of every 2xx answer, and of every answer whatever its status, in ms. */
  readonly okLatenciesMs: number[] = [];
  readonly answeredLatenciesMs: number[] = [];

  /** One HTTP answer to a request of `documents` documents. */
  recordAnswer(status: number, body: string, documents: number, latencyMs: number, retryAfter: string | null = null): AnswerClass {
    const counts = this.counts;
    counts.answered++;
    counts.by_status[status] = (counts.by_status[status] ?? 0) + 1;
    this.answeredLatenciesMs.push(latencyMs);
    if (status >= 200 && status < 300) {
      counts.ok_2xx++;
      this.okLatenciesMs.push(latencyMs);
      const partial = partialFlag(body);
      if (partial === true) {
        counts.partial++;
        return 'partial';
      }
      if (partial === 'unreadable') {
        counts.unreadable_2xx++;
        return 'unreadable';
      }
      counts.ok_pairs += documents;
      return 'complete';
    }
    if (status === 429) {
      counts.http_429++;
      const seconds = retryAfter ?? 'none';
      counts.retry_after_429[seconds] = (counts.retry_after_429[seconds] ?? 0) + 1;
    } else if (status === 504) counts.http_504++;
    else if (status >= 500 && status < 600) counts.other_5xx++;
    else if (status >= 400 && status < 500) counts.other_4xx++;
    else counts.other_status++;
    counts.examples[status] ??= body.slice(0, EXAMPLE_CHARS);
    return 'error';
  }

  /** A request that got no HTTP answer. */
  recordFailure(kind: 'timeout' | 'connection', message: string): void {
    if (kind === 'timeout') this.counts.timeouts++;
    else this.counts.connection_errors++;
    this.counts.examples[kind] ??= message.slice(0, EXAMPLE_CHARS);
  }

  summary(): StatusCounts {
    return structuredClone(this.counts);
  }
}
