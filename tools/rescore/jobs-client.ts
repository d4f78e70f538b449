import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What GET /v1/jobs/:id answers. */
export interface JobStatus {
  id: string;
  state: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  model: string;
  queries: number;
  pairs: { done: number; total: number };
  top_n?: number;
  created_at: string;
  /** When the first score was stored; null before. */
  started_at: string | null;
  finished_at: string | null;
  pairs_per_second: number | null;
  eta_seconds: number | null;
  failed_reason?: string;
}

export interface JobAccepted {
  id: string;
  state: string;
  queries: number;
  pairs: number;
}

/** The gateway answered with an error; `message` is its own (a bad line's number and field included). */
export class JobsApiError extends Error {
  override readonly name = 'JobsApiError';

  constructor(
    readonly status: number,
    message: string,
    /** The answer's Retry-After, in seconds, when it had one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** No answer at all: the gateway is down, restarting, or not where --url points. */
export class GatewayUnreachableError extends Error {
  override readonly name = 'GatewayUnreachableError';
}

/** Retry-After in seconds (RFC 9110: delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const resultsPath = (id: string, format: 'ndjson' | 'trec') => `/v1/jobs/${id}/results${format === 'trec' ? '?format=trec' : ''}`;

/** An upload: an NDJSON file, streamed and never read whole, or NDJSON already in memory. */
export type JobUpload = { file: string } | { ndjson: string };

export interface SubmitOptions {
  model?: string;
  topN?: number;
  /** Further query parameters, such as the reading options (`aggregation=mean&mean_top_k=2`). */
  params?: string | Record<string, string>;
}

/** The one client of the gateway's /v1/jobs routes: the rescore CLI, the bulk bench and the e2e tests use it. */
export class JobsClient {
  constructor(
    private readonly url: string,
    private readonly apiKey?: string,
  ) {}

  async submit(upload: JobUpload, options: SubmitOptions = {}): Promise<JobAccepted> {
    const query = new URLSearchParams(options.params);
    if (options.model !== undefined) query.set('model', options.model);
    if (options.topN !== undefined) query.set('top_n', String(options.topN));
    const body: RequestInit =
      'file' in upload
        ? // Node's fetch sends a stream body only half-duplex, and must be told so.
          { body: Readable.toWeb(createReadStream(upload.file)) as ReadableStream, duplex: 'half' }
        : { body: upload.ndjson };
    const response = await this.call(`/v1/jobs${query.size > 0 ? `?${query.toString()}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      ...body,
    });
    return (await response.json()) as JobAccepted;
  }

  async status(id: string): Promise<JobStatus> {
    return (await (await this.call(`/v1/jobs/${id}`)).json()) as JobStatus;
  }

  /** Cancels a job; answers its status, now cancelled. */
  async cancel(id: string): Promise<JobStatus> {
    return (await (await this.call(`/v1/jobs/${id}`, { method: 'DELETE' })).json()) as JobStatus;
  }

  /** A completed job's results, read whole: for small jobs (see `download` for large ones). */
  async results(id: string, format: 'ndjson' | 'trec' = 'ndjson'): Promise<string> {
    return (await this.call(resultsPath(id, format))).text();
  }

  /**
   * Downloads a completed job's results into `out`, through `out.partial` so an interrupted
   * download never leaves a file that looks whole. Returns the lines written.
   */
  async download(id: string, format: 'ndjson' | 'trec', out: string): Promise<number> {
    const response = await this.call(resultsPath(id, format));
    if (!response.body) throw new Error('the gateway sent no results body');
    let lines = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        done(null, chunk);
      },
    });
    const partial = `${out}.partial`;
    try {
      await pipeline(Readable.fromWeb(response.body), count, createWriteStream(partial));
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return lines;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.apiKey) headers.set('authorization', `Bearer ${this.apiKey}`);
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, { ...init, headers });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new GatewayUnreachableError(`no gateway answers at ${this.url} (${cause}); start the fleet with "npm start" or pass --url`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // Not JSON (a proxy's page): the text itself is the best message there is.
      }
      throw new JobsApiError(response.status, message, parseRetryAfter(response.headers.get('retry-after')));
    }
    return response;
  }
}
