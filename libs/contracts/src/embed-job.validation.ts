import { EmbedTextsPayload } from './embed-job';

/** An embed-texts payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidEmbedPayloadError extends Error {
  constructor(message: string) {
    super(`invalid embed-texts payload: ${message}`);
    this.name = 'InvalidEmbedPayloadError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an embed-texts payload read from Redis: a queue is a border too. */
export function parseEmbedTextsPayload(data: unknown, maxTexts: number): EmbedTextsPayload {
  if (!isRecord(data)) throw new InvalidEmbedPayloadError('payload must be an object');
  for (const field of ['requestId', 'model'] as const) {
    if (typeof data[field] !== 'string') throw new InvalidEmbedPayloadError(`${field} must be a string`);
  }
  const texts = data.texts;
  if (!Array.isArray(texts) || texts.length === 0) throw new InvalidEmbedPayloadError('texts must be a non-empty array');
  if (texts.length > maxTexts) {
    throw new InvalidEmbedPayloadError(`texts has ${texts.length} entries, more than the limit of ${maxTexts}`);
  }
  const bad = texts.findIndex((text) => typeof text !== 'string');
  if (bad >= 0) throw new InvalidEmbedPayloadError(`texts[${bad}] must be a string`);
  const payload: EmbedTextsPayload = { requestId: data.requestId as string, model: data.model as string, texts: texts as string[] };
  if (data.deadline !== undefined) {
    if (typeof data.deadline !== 'number' || !Number.isFinite(data.deadline)) {
      throw new InvalidEmbedPayloadError('deadline must be a finite number (epoch ms)');
    }
    payload.deadline = data.deadline;
  }
  if (data.normalize !== undefined) {
    if (typeof data.normalize !== 'boolean') throw new InvalidEmbedPayloadError('normalize must be a boolean');
    payload.normalize = data.normalize;
  }
  if (data.truncationDirection !== undefined) {
    if (data.truncationDirection !== 'left' && data.truncationDirection !== 'right') {
      throw new InvalidEmbedPayloadError('truncationDirection must be "left" or "right"');
    }
    payload.truncationDirection = data.truncationDirection;
  }
  return payload;
}
