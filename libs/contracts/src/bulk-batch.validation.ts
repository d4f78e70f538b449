import { z } from 'zod';
import { windowingOptionsSchema } from './long-documents';
import { memoizeByLimit, parseOrThrow, say } from './zod-problem';

/** A bulk batch payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidBulkBatchError extends Error {
  constructor(message: string) {
    super(`invalid score-bulk-batch payload: ${message}`);
    this.name = 'InvalidBulkBatchError';
  }
}

const nonNegativeInteger = () => z.number(say('must be a non-negative integer')).int().min(0);
const nonEmptyString = () => z.string(say('must be a non-empty string')).min(1);
const nonEmptyArray = <T extends z.ZodTypeAny>(entry: T) => z.array(entry, say('must be a non-empty array')).min(1);

/** One candidate of a bulk job's query: the client's id and the text to score. */
const bulkCandidateSchema = z.object(
  { id: z.string(say('must be a string')), text: z.string(say('must be a string')) },
  say('must be { id: string, text: string }'),
);

/**
 * A query's slice inside one batch. A query with more candidates than a batch holds is spread
 * over consecutive batches, each carrying the same `queryIndex`.
 */
const bulkBatchQuerySchema = z.object(
  {
    /** Position of the query's line in the upload (0-based); keys its results. */
    queryIndex: nonNegativeInteger(),
    query: nonEmptyString(),
    candidates: nonEmptyArray(bulkCandidateSchema),
  },
  say('must be an object'),
);

/**
 * Payload of a `score-bulk-batch` job: a bounded slice (at most `maxPairs` pairs) of one bulk
 * job's pairs. Read from Redis, a queue being a border: a malformed batch must fail for good
 * rather than be retried.
 */
export function bulkBatchPayloadSchema(maxPairs: number) {
  return z
    .object(
      {
        /** The bulk job (`POST /v1/jobs`) this batch belongs to. */
        jobId: z.string(say('must be 1 to 64 letters, digits, "_" or "-"')).regex(/^[A-Za-z0-9_-]{1,64}$/),
        /** Position of the batch in its job (0-based). */
        batch: nonNegativeInteger(),
        model: nonEmptyString(),
        queries: nonEmptyArray(bulkBatchQuerySchema),
        /** Read documents longer than one window in windows, as /v1/rerank does; absent: truncate them. */
        windowing: windowingOptionsSchema.optional(),
      },
      say('payload must be an object'),
    )
    .superRefine(({ queries }, ctx) => {
      const pairs = queries.reduce((sum, query) => sum + query.candidates.length, 0);
      if (pairs > maxPairs)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `batch has ${pairs} pairs, more than the limit of ${maxPairs}` });
    });
}

export type BulkCandidate = z.infer<typeof bulkCandidateSchema>;
export type BulkBatchQuery = z.infer<typeof bulkBatchQuerySchema>;
export type BulkBatchPayload = z.infer<ReturnType<typeof bulkBatchPayloadSchema>>;

const bulkBatchPayloadFor = memoizeByLimit(bulkBatchPayloadSchema);

/** Checks a bulk batch read from Redis; throws InvalidBulkBatchError naming the field and the limit. */
export function parseBulkBatchPayload(data: unknown, maxPairs: number): BulkBatchPayload {
  return parseOrThrow(bulkBatchPayloadFor(maxPairs), data, (problem) => new InvalidBulkBatchError(problem));
}
