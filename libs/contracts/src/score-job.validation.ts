import { z } from 'zod';
import { windowingOptionsSchema } from './long-documents';
import { boundedList, integerFrom, memoizeByLimit, parseOrThrow, say } from './zod-problem';

/** A job payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(`invalid score-pairs payload: ${message}`);
    this.name = 'InvalidPayloadError';
  }
}

/** Which end of a text too long for the model is cut off: `right` keeps the start (the default). */
export const truncationDirectionSchema = z.enum(['left', 'right'], say('must be "left" or "right"'));
export type TruncationDirection = z.infer<typeof truncationDirectionSchema>;

/** One candidate document inside a scoring job; `index` is its position in the client's request. */
const scoreDocumentSchema = z.object(
  {
    index: z.number(say('must be a non-negative integer')).int().min(0),
    text: z.string(say('must be a string')),
  },
  say('must be { index: non-negative integer, text: string }'),
);

/**
 * Payload of a `score-pairs` job: one query against a bounded slice of a request's documents,
 * at most `maxDocuments` of them. A queue is a border: producers of other versions or
 * hand-written jobs may put anything there.
 */
export function scorePairsPayloadSchema(maxDocuments: number) {
  return z.object(
    {
      /** Request id, carried so worker log lines can be joined with the gateway's. */
      requestId: z.string(say('must be a string')),
      model: z.string(say('must be a string')),
      query: z.string(say('must be a string')).min(1, 'must not be empty'),
      /** Epoch milliseconds after which nobody waits for this job's result. */
      deadline: z.number(say('must be a finite number (epoch ms)')).finite(),
      documents: boundedList(scoreDocumentSchema, maxDocuments),
      /**
       * Read documents longer than one window in overlapping windows. Absent: truncate them to one
       * window (what producers that predate windowing expect).
       */
      windowing: windowingOptionsSchema.optional(),
      /** Document tokens read at most (Cohere v2's `max_tokens_per_doc`); the rest is ignored. */
      maxDocumentTokens: integerFrom(1, Number.MAX_SAFE_INTEGER).optional(),
      /** `left`: a too-long text keeps its end (TEI's `truncation_direction`). Absent: `right`, its start. */
      truncationDirection: truncationDirectionSchema.optional(),
    },
    say('payload must be an object'),
  );
}

export type ScorePairsPayload = z.infer<ReturnType<typeof scorePairsPayloadSchema>>;
export type ScoreDocument = z.infer<typeof scoreDocumentSchema>;

const scorePairsPayloadFor = memoizeByLimit(scorePairsPayloadSchema);

/** Checks a score-pairs payload read from Redis; throws InvalidPayloadError naming the field and the limit. */
export function parseScorePairsPayload(data: unknown, maxDocuments: number): ScorePairsPayload {
  return parseOrThrow(scorePairsPayloadFor(maxDocuments), data, (problem) => new InvalidPayloadError(problem));
}
