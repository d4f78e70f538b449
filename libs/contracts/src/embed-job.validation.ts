import { z } from 'zod';
import { truncationDirectionSchema } from './score-job.validation';
import { boundedList, memoizeByLimit, parseOrThrow, say } from './zod-problem';

/** An embed-texts payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidEmbedPayloadError extends Error {
  constructor(message: string) {
    super(`invalid embed-texts payload: ${message}`);
    this.name = 'InvalidEmbedPayloadError';
  }
}

/**
 * Payload of an `embed-texts` job: texts a bi-encoder turns into vectors, on the model's
 * interactive queue (query embeddings, live requests) or its bulk queue (document embeddings);
 * at most `maxTexts` of them.
 */
export function embedTextsPayloadSchema(maxTexts: number) {
  return z.object(
    {
      /** Request id, carried so worker log lines can be joined with the gateway's. */
      requestId: z.string(say('must be a string')),
      model: z.string(say('must be a string')),
      texts: boundedList(z.string(say('must be a string')), maxTexts),
      /** Epoch milliseconds after which nobody waits for the vectors; absent: no deadline (bulk work). */
      deadline: z.number(say('must be a finite number (epoch ms)')).finite().optional(),
      /** L2-normalise each vector (default true). */
      normalize: z.boolean(say('must be a boolean')).optional(),
      /** Which end of an over-long text is cut (default right). */
      truncationDirection: truncationDirectionSchema.optional(),
    },
    say('payload must be an object'),
  );
}

export type EmbedTextsPayload = z.infer<ReturnType<typeof embedTextsPayloadSchema>>;

const embedTextsPayloadFor = memoizeByLimit(embedTextsPayloadSchema);

/** Checks an embed-texts payload read from Redis (a queue is a border too); throws InvalidEmbedPayloadError naming the field and the limit. */
export function parseEmbedTextsPayload(data: unknown, maxTexts: number): EmbedTextsPayload {
  return parseOrThrow(embedTextsPayloadFor(maxTexts), data, (problem) => new InvalidEmbedPayloadError(problem));
}
