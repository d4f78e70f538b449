import { CHUNK_AGGREGATIONS, ChunkAggregation, LONG_DOCUMENT_LIMITS, WindowingOptions } from './long-documents';
import { ScorePairsPayload } from './score-job';

/** A job payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(`invalid score-pairs payload: ${message}`);
    this.name = 'InvalidPayloadError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== 'string') throw new InvalidPayloadError(`${field} must be a string`);
  return value;
}

function requireInteger(data: Record<string, unknown>, field: string, min: number, max: number, path = field): number {
  const value = data[field];
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new InvalidPayloadError(`${path} must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

/**
 * Checks the windowing options a job carries (score-pairs and bulk batches alike); `fail` makes
 * the error of the caller's payload kind.
 */
export function parseWindowing(data: unknown, fail: (message: string) => Error = (message) => new InvalidPayloadError(message)): WindowingOptions {
  if (!isRecord(data)) throw fail('windowing must be an object');
  const integer = (field: string, min: number, max: number): number => {
    const value = data[field];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw fail(`windowing.${field} must be an integer from ${min} to ${max}`);
    }
    return value as number;
  };
  const aggregation = data.aggregation;
  if (!CHUNK_AGGREGATIONS.includes(aggregation as ChunkAggregation)) {
    throw fail(`windowing.aggregation must be one of ${CHUNK_AGGREGATIONS.join(', ')}`);
  }
  const maxChunks = integer('maxChunks', 1, LONG_DOCUMENT_LIMITS.maxChunksPerDoc);
  return {
    aggregation: aggregation as ChunkAggregation,
    maxChunks,
    meanTopK: integer('meanTopK', 1, maxChunks),
    stride: integer('stride', 0, LONG_DOCUMENT_LIMITS.stride),
  };
}

/**
 * Checks a job payload read from Redis. A queue is a border: producers of other versions or
 * hand-written jobs may put anything there.
 */
export function parseScorePairsPayload(data: unknown, maxDocuments: number): ScorePairsPayload {
  if (!isRecord(data)) throw new InvalidPayloadError('payload must be an object');
  const requestId = requireString(data, 'requestId');
  const model = requireString(data, 'model');
  const query = requireString(data, 'query');
  if (query.length === 0) throw new InvalidPayloadError('query must not be empty');
  const deadline = data.deadline;
  if (typeof deadline !== 'number' || !Number.isFinite(deadline)) {
    throw new InvalidPayloadError('deadline must be a finite number (epoch ms)');
  }
  const documents = data.documents;
  if (!Array.isArray(documents) || documents.length === 0) {
    throw new InvalidPayloadError('documents must be a non-empty array');
  }
  if (documents.length > maxDocuments) {
    throw new InvalidPayloadError(`documents has ${documents.length} entries, more than the limit of ${maxDocuments}`);
  }
  documents.forEach((doc, position) => {
    if (!isRecord(doc) || typeof doc.text !== 'string' || !Number.isInteger(doc.index) || (doc.index as number) < 0) {
      throw new InvalidPayloadError(`documents[${position}] must be { index: non-negative integer, text: string }`);
    }
  });
  const payload: ScorePairsPayload = { requestId, model, query, deadline, documents: documents as ScorePairsPayload['documents'] };
  if (data.windowing !== undefined) payload.windowing = parseWindowing(data.windowing);
  if (data.maxDocumentTokens !== undefined) {
    payload.maxDocumentTokens = requireInteger(data, 'maxDocumentTokens', 1, Number.MAX_SAFE_INTEGER);
  }
  if (data.truncationDirection !== undefined) {
    if (data.truncationDirection !== 'left' && data.truncationDirection !== 'right') {
      throw new InvalidPayloadError('truncationDirection must be "left" or "right"');
    }
    payload.truncationDirection = data.truncationDirection;
  }
  return payload;
}
