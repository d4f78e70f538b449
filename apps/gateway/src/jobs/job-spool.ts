import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable, pipeline } from 'node:stream';
import { LineSplitter } from '@rerank/retrieval';
import { BatchPlanner } from './batch-planner';
import { JobLine, JobLineLimits, JobQuery, parseJobLine } from './job-line';
import { UploadLineError, readUploadLines } from './upload-lines';

export interface SpoolOptions {
  limits: JobLineLimits;
  /** Longest upload line, in characters. */
  maxLineChars: number;
  /** RERANK_JOB_MAX_PAIRS */
  maxPairs: number;
  /** RERANK_BULK_BATCH_PAIRS: only to count the batches the job will have. */
  batchPairs: number;
}

/** What a validated upload holds. */
export interface SpoolSummary {
  queries: number;
  pairs: number;
  batches: number;
}

/** One query per line: `[query_id, query, [[id, text], ...]]`, the smallest JSON that holds it. */
type SpoolLine = [string, string, [string, string][]];

/**
 * First pass over a job upload: reads it line by line, checks every line (fields, limits,
 * unique query ids, the job's pair budget), resolves collection candidates to texts, and writes
 * the resolved queries to a spool file. Nothing reaches Redis here, so a bad line anywhere
 * leaves no trace; the second pass ({@link readSpool}) enqueues from the file.
 */
export class JobUploadSpooler {
  constructor(
    private readonly resolver: { resolve(line: JobLine): Promise<JobQuery | string> },
    private readonly options: SpoolOptions,
  ) {}

  /** Throws {@link UploadLineError} for the first bad line; the caller removes `path` either way. */
  async spool(input: Readable, path: string): Promise<SpoolSummary> {
    const { limits, maxLineChars, maxPairs, batchPairs } = this.options;
    const out = createWriteStream(path, { flags: 'wx' });
    const planner = new BatchPlanner(batchPairs);
    // Line of each query id, to name the first use in the message; memory grows with the
    // queries (tens of bytes each), never with their candidates.
    const seen = new Map<string, number>();
    let pairs = 0;
    try {
      for await (const { number, value } of readUploadLines(input, maxLineChars)) {
        const line = parseJobLine(value, limits);
        if (typeof line === 'string') throw new UploadLineError(number, line);
        const first = seen.get(line.queryId);
        if (first !== undefined) {
          throw new UploadLineError(
            number,
            `"query_id" "${line.queryId}" was already used on line ${first}; query ids must be unique within a job`,
          );
        }
        seen.set(line.queryId, number);
        const query = await this.resolver.resolve(line);
        if (typeof query === 'string') throw new UploadLineError(number, query);
        pairs += query.candidates.length;
        if (pairs > maxPairs) {
          throw new UploadLineError(number, `with this line the job holds ${pairs} pairs; the limit is ${maxPairs} (RERANK_JOB_MAX_PAIRS)`);
        }
        planner.place(query.candidates.length);
        const spooled: SpoolLine = [query.queryId, query.query, query.candidates.map(({ id, text }) => [id, text])];
        if (!out.write(`${JSON.stringify(spooled)}\n`)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
    } catch (error) {
      // Wait for the file to be closed (and created, if its open was still on the way), so the
      // caller's unlink cannot run before it and leave the file behind.
      out.destroy();
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      throw error;
    }
    return { queries: seen.size, pairs, batches: planner.batches };
  }
}

/** Second pass: the spooled queries, in upload order. */
export async function* readSpool(path: string): AsyncGenerator<JobQuery> {
  const lines = pipeline(createReadStream(path), new LineSplitter(), () => undefined) as AsyncIterable<string>;
  for await (const text of lines) {
    if (text === '') continue;
    const [queryId, query, candidates] = JSON.parse(text) as SpoolLine;
    yield { queryId, query, candidates: candidates.map(([id, text]) => ({ id, text })) };
  }
}
