import { BulkCandidate, numericIdProblem } from '@rerank/contracts';
import { COLLECTION_NAME, MAX_DOCUMENT_ID_LENGTH, collectionNameRule } from '@rerank/retrieval';

/** Limits one line of a job upload is checked against; each message names its variable. */
export interface JobLineLimits {
  /** RERANK_MAX_QUERY_CHARS */
  maxQueryChars: number;
  /** RERANK_MAX_DOCUMENT_CHARS */
  maxDocumentChars: number;
  /** RERANK_MAX_DOCUMENTS: candidates one query may list, as one /v1/rerank request may. */
  maxCandidates: number;
  /** SEARCH_MAX_CANDIDATES: the most first-stage candidates `top` may ask for. */
  maxTop: number;
}

interface LineBase {
  queryId: string;
  query: string;
}

/** A line as uploaded: candidates given inline, by id from a collection, or as a collection's top N. */
export type JobLine =
  | (LineBase & { source: 'inline'; candidates: BulkCandidate[] })
  | (LineBase & { source: 'ids'; collection: string; ids: string[] })
  | (LineBase & { source: 'top'; collection: string; top: number });

/** A query ready to be scored: every candidate with its text. */
export interface JobQuery extends LineBase {
  candidates: BulkCandidate[];
}

/** The first problem found in a line; turned into the sentence {@link parseJobLine} returns. */
class LineProblem {
  constructor(readonly message: string) {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An id as TREC run files and result lines carry it: a string (or an integer, read as its
 * digits) of 1 to 512 characters without whitespace, which would split a TREC line.
 */
function readId(value: unknown, field: string): string {
  if (value === undefined || value === null) throw new LineProblem(`"${field}" is required`);
  if (typeof value === 'number') {
    const problem = numericIdProblem(value, `"${field}"`);
    if (problem) throw new LineProblem(problem);
  } else if (typeof value !== 'string') {
    throw new LineProblem(`"${field}" must be a string or an integer`);
  }
  const id = String(value);
  if (id.length === 0) throw new LineProblem(`"${field}" must not be empty`);
  if (id.length > MAX_DOCUMENT_ID_LENGTH) throw new LineProblem(`"${field}" has ${id.length} characters; the limit is ${MAX_DOCUMENT_ID_LENGTH}`);
  if (/\s/.test(id)) throw new LineProblem(`"${field}" must not contain whitespace (ids are written into TREC run files)`);
  return id;
}

function checkCount(list: unknown[], limits: JobLineLimits): void {
  if (list.length === 0) throw new LineProblem('"candidates" must hold at least one candidate');
  if (list.length > limits.maxCandidates) {
    throw new LineProblem(`"candidates" has ${list.length} entries; the limit is ${limits.maxCandidates} (RERANK_MAX_DOCUMENTS)`);
  }
}

/** Rejects the first id seen twice, naming both positions. */
function checkUnique(ids: readonly string[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) throw new LineProblem(`"candidates[${i}]" repeats id "${id}" of candidates[${first}]; ids must be unique within a query`);
    seen.set(id, i);
  });
}

/** The problem with a candidate text over RERANK_MAX_DOCUMENT_CHARS, naming it by `label`; undefined when it fits. */
export function candidateTextProblem(text: string, label: string, limits: JobLineLimits): string | undefined {
  if (text.length <= limits.maxDocumentChars) return undefined;
  return `${label} has ${text.length} characters; the limit is ${limits.maxDocumentChars} (RERANK_MAX_DOCUMENT_CHARS)`;
}

function readLine(value: unknown, limits: JobLineLimits): JobLine {
  if (!isRecord(value)) throw new LineProblem('must be a JSON object with "query_id", "query" and "candidates"');
  const queryId = readId(value.query_id, 'query_id');
  if (value.query === undefined || value.query === null) throw new LineProblem('"query" is required');
  if (typeof value.query !== 'string') throw new LineProblem('"query" must be a string');
  if (!/\S/.test(value.query)) throw new LineProblem('"query" must not be empty');
  if (value.query.length > limits.maxQueryChars) {
    throw new LineProblem(`"query" has ${value.query.length} characters; the limit is ${limits.maxQueryChars} (RERANK_MAX_QUERY_CHARS)`);
  }
  const base = { queryId, query: value.query };

  if (value.collection !== undefined) {
    if (typeof value.collection !== 'string' || !COLLECTION_NAME.test(value.collection)) throw new LineProblem(collectionNameRule('"collection"'));
    const collection = value.collection;
    if ((value.candidates === undefined) === (value.top === undefined)) {
      throw new LineProblem('a line with "collection" needs either "candidates" (document ids) or "top" (how many first-stage candidates), not both');
    }
    if (value.top !== undefined) {
      if (!Number.isInteger(value.top) || (value.top as number) < 1) throw new LineProblem('"top" must be a positive integer');
      if ((value.top as number) > limits.maxTop) throw new LineProblem(`"top" is ${value.top}; the limit is ${limits.maxTop} (SEARCH_MAX_CANDIDATES)`);
      return { ...base, source: 'top', collection, top: value.top as number };
    }
    if (!Array.isArray(value.candidates)) throw new LineProblem('"candidates" must be an array of document ids');
    checkCount(value.candidates, limits);
    const ids = value.candidates.map((id, i) => readId(id, `candidates[${i}]`));
    checkUnique(ids);
    return { ...base, source: 'ids', collection, ids };
  }

  if (value.top !== undefined) throw new LineProblem('"top" needs a "collection" to take the first-stage candidates from');
  if (value.candidates === undefined || value.candidates === null) throw new LineProblem('"candidates" is required');
  if (!Array.isArray(value.candidates)) throw new LineProblem('"candidates" must be an array of { "id", "text" } objects');
  checkCount(value.candidates, limits);
  const candidates = value.candidates.map((candidate: unknown, i): BulkCandidate => {
    if (!isRecord(candidate)) throw new LineProblem(`"candidates[${i}]" must be an object { "id", "text" }`);
    const id = readId(candidate.id, `candidates[${i}].id`);
    if (typeof candidate.text !== 'string') throw new LineProblem(`"candidates[${i}].text" must be a string`);
    const tooLong = candidateTextProblem(candidate.text, `"candidates[${i}].text"`, limits);
    if (tooLong) throw new LineProblem(tooLong);
    return { id, text: candidate.text };
  });
  checkUnique(candidates.map((candidate) => candidate.id));
  return { ...base, source: 'inline', candidates };
}

/**
 * Reads one parsed line of a job upload: `{ query_id, query, candidates: [{ id, text }] }`,
 * `{ query_id, query, collection, candidates: [ids] }` or `{ query_id, query, collection, top }`.
 * Unknown fields are ignored. Returns the line, or a sentence naming the field and the limit.
 */
export function parseJobLine(value: unknown, limits: JobLineLimits): JobLine | string {
  try {
    return readLine(value, limits);
  } catch (problem) {
    if (problem instanceof LineProblem) return problem.message;
    throw problem;
  }
}
