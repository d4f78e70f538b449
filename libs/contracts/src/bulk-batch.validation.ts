import { BulkBatchPayload, BulkBatchQuery } from './bulk-batch';
import { parseWindowing } from './score-job.validation';

/** A bulk batch payload that can never succeed; the worker turns it into BullMQ's UnrecoverableError. */
export class InvalidBulkBatchError extends Error {
  constructor(message: string) {
    super(`invalid score-bulk-batch payload: ${message}`);
    this.name = 'InvalidBulkBatchError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function parseQuery(data: unknown, position: number): BulkBatchQuery {
  const path = `queries[${position}]`;
  if (!isRecord(data)) throw new InvalidBulkBatchError(`${path} must be an object`);
  if (!isIndex(data.queryIndex)) throw new InvalidBulkBatchError(`${path}.queryIndex must be a non-negative integer`);
  if (typeof data.query !== 'string' || data.query.length === 0) {
    throw new InvalidBulkBatchError(`${path}.query must be a non-empty string`);
  }
  if (!Array.isArray(data.candidates) || data.candidates.length === 0) {
    throw new InvalidBulkBatchError(`${path}.candidates must be a non-empty array`);
  }
  data.candidates.forEach((candidate, i) => {
    if (!isRecord(candidate) || typeof candidate.id !== 'string' || typeof candidate.text !== 'string') {
      throw new InvalidBulkBatchError(`${path}.candidates[${i}] must be { id: string, text: string }`);
    }
  });
  return { queryIndex: data.queryIndex, query: data.query, candidates: data.candidates as BulkBatchQuery['candidates'] };
}

/**
 * Checks a bulk batch read from Redis: a queue is a border, and a malformed batch must fail
 * for good rather than be retried.
 */
export function parseBulkBatchPayload(data: unknown, maxPairs: number): BulkBatchPayload {
  if (!isRecord(data)) throw new InvalidBulkBatchError('payload must be an object');
  if (typeof data.jobId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(data.jobId)) {
    throw new InvalidBulkBatchError('jobId must be 1 to 64 letters, digits, "_" or "-"');
  }
  if (!isIndex(data.batch)) throw new InvalidBulkBatchError('batch must be a non-negative integer');
  if (typeof data.model !== 'string' || data.model.length === 0) throw new InvalidBulkBatchError('model must be a non-empty string');
  if (!Array.isArray(data.queries) || data.queries.length === 0) {
    throw new InvalidBulkBatchError('queries must be a non-empty array');
  }
  const queries = data.queries.map(parseQuery);
  const pairs = queries.reduce((sum, query) => sum + query.candidates.length, 0);
  if (pairs > maxPairs) throw new InvalidBulkBatchError(`batch has ${pairs} pairs, more than the limit of ${maxPairs}`);
  const payload: BulkBatchPayload = { jobId: data.jobId, batch: data.batch, model: data.model, queries };
  if (data.windowing !== undefined) payload.windowing = parseWindowing(data.windowing, (message) => new InvalidBulkBatchError(message));
  return payload;
}
