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
  return { requestId, model, query, deadline, documents: documents as ScorePairsPayload['documents'] };
}
