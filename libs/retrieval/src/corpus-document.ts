import { jsonIdSchema, parseOrProblem, say } from '@rerank/contracts';
import { z } from 'zod';

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

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `metadata` as sent, not copied key by key (z.record would, and drop a "__proto__" field
 * JSON.parse made); one check for both rules, since zod 3 runs each custom check slowly.
 */
const metadataSchema = z.custom<Record<string, unknown>>(
  (value) => isJsonObject(value) && !nestsDeeperThan(value, MAX_METADATA_DEPTH),
  (value) => ({ message: isJsonObject(value) ? `nests deeper than ${MAX_METADATA_DEPTH} levels` : 'must be a JSON object' }),
);

/**
 * A document as clients and BEIR `corpus.jsonl` files write it: `id` (or BEIR's `_id`), a string
 * or an integer within ±(2^53 − 1) (see numericIdFault); `text`; optional `title` and `metadata`
 * object (null reads as absent). Unknown fields are ignored.
 */
export const corpusDocumentSchema = z.preprocess(
  // BEIR's corpus.jsonl names the id `_id`: a document without `id` takes it.
  (value) => (isJsonObject(value) && value.id == null ? { ...value, id: value._id } : value),
  z.object(
    {
      id: jsonIdSchema.pipe(z.string().max(MAX_DOCUMENT_ID_LENGTH, `must be at most ${MAX_DOCUMENT_ID_LENGTH} characters`)),
      text: z.string(say('must be a string')),
      title: z.string(say('must be a string')).nullish(),
      metadata: metadataSchema.nullish(),
    },
    say('must be an object with "id" and "text"'),
  ),
);

/** Reads one document (see {@link corpusDocumentSchema}); returns it, or a sentence naming the first problem. */
export function parseCorpusDocument(value: unknown): CorpusDocument | string {
  const parsed = parseOrProblem(corpusDocumentSchema, value, { quote: true });
  if ('problem' in parsed) return parsed.problem;
  const { id, text, title, metadata } = parsed.value;
  const document: CorpusDocument = { id, text };
  if (title) document.title = title;
  if (metadata) document.metadata = metadata;
  return document;
}

/**
 * The text a cross-encoder reads for a document: title and text joined by a space, as BEIR's
 * rerankers do. Search and evaluation both use this, so their scores agree.
 */
export function passageText(document: Pick<CorpusDocument, 'title' | 'text'>): string {
  return document.title ? `${document.title} ${document.text}` : document.text;
}
