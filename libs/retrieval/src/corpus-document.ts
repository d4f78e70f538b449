import { numericIdProblem } from '@rerank/contracts';

/** A document of a collection: what is stored, indexed and returned by a search. */
export interface CorpusDocument {
  id: string;
  title?: string;
  text: string;
  /** Any JSON object; stored and returned as is, never indexed. */
  metadata?: Record<string, unknown>;
}

/** Longest document id accepted, in characters. */
export const MAX_DOCUMENT_ID_LENGTH = 512;

/** Deepest nesting of objects and arrays in `metadata`: it is stored with JSON.stringify, which recurses. */
export const MAX_METADATA_DEPTH = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks with a stack of its own, so a value nested 100k levels deep is measured, not a stack overflow. */
function nestsDeeperThan(value: object, maxDepth: number): boolean {
  const pending: Array<[object, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, depth] = next;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child as object, depth + 1]);
    }
  }
  return false;
}

/**
 * Reads one document as clients and BEIR `corpus.jsonl` files write it: `id` (or BEIR's `_id`),
 * a string or an integer within ±(2^53 − 1) (see numericIdProblem); `text`; optional `title` and `metadata` object. Unknown fields are ignored.
 * Returns the document, or a sentence naming the first problem.
 */
export function parseCorpusDocument(value: unknown): CorpusDocument | string {
  if (!isPlainObject(value)) return 'must be an object with "id" and "text"';
  const rawId = value.id ?? value._id;
  if (rawId === undefined || rawId === null) return '"id" is required';
  if (typeof rawId === 'number') {
    const problem = numericIdProblem(rawId, '"id"');
    if (problem) return problem;
  } else if (typeof rawId !== 'string') {
    return '"id" must be a string or an integer';
  }
  const id = String(rawId);
  if (id.length === 0) return '"id" must not be empty';
  if (id.length > MAX_DOCUMENT_ID_LENGTH) return `"id" must be at most ${MAX_DOCUMENT_ID_LENGTH} characters`;
  if (typeof value.text !== 'string') return '"text" must be a string';
  const document: CorpusDocument = { id, text: value.text };
  if (value.title !== undefined && value.title !== null) {
    if (typeof value.title !== 'string') return '"title" must be a string';
    if (value.title !== '') document.title = value.title;
  }
  if (value.metadata !== undefined && value.metadata !== null) {
    if (!isPlainObject(value.metadata)) return '"metadata" must be a JSON object';
    if (nestsDeeperThan(value.metadata, MAX_METADATA_DEPTH)) return `"metadata" nests deeper than ${MAX_METADATA_DEPTH} levels`;
    document.metadata = value.metadata;
  }
  return document;
}

/**
 * The text a cross-encoder reads for a document: title and text joined by a space, as BEIR's
 * rerankers do. Search and evaluation both use this, so their scores agree.
 */
export function passageText(document: Pick<CorpusDocument, 'title' | 'text'>): string {
  return document.title ? `${document.title} ${document.text}` : document.text;
}
