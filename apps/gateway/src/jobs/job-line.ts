import { BulkCandidate, jsonIdSchema, parseOrProblem, say } from '@rerank/contracts';
import { COLLECTION_NAME, COLLECTION_NAME_RULE, MAX_DOCUMENT_ID_LENGTH } from '@rerank/retrieval';
import { z } from 'zod';

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

/** How a text over a limit is described: `has 600 characters; the limit is 512 (VARIABLE)`. */
function charactersOver(limit: number, variable?: string): (text: string) => string {
  return (text) => `has ${text.length} characters; the limit is ${limit}${variable ? ` (${variable})` : ''}`;
}

/**
 * An id as TREC run files and result lines carry it: a string (or an integer, read as its
 * digits) of 1 to 512 characters without whitespace, which would split a TREC line.
 */
const trecIdSchema = jsonIdSchema.pipe(
  z
    .string(say('must be a string', { tooBig: charactersOver(MAX_DOCUMENT_ID_LENGTH) }))
    .max(MAX_DOCUMENT_ID_LENGTH)
    .regex(/^\S*$/, 'must not contain whitespace (ids are written into TREC run files)'),
);

/** Rejects the first id seen twice, naming both positions. */
function uniqueIds<T>(idOf: (entry: T) => string) {
  return (entries: T[], ctx: z.RefinementCtx): void => {
    const seen = new Map<string, number>();
    for (const [i, entry] of entries.entries()) {
      const id = idOf(entry);
      const first = seen.get(id);
      if (first !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [i],
          message: `repeats id "${id}" of candidates[${first}]; ids must be unique within a query`,
        });
        return;
      }
      seen.set(id, i);
    }
  };
}

/** The problem with a candidate text over RERANK_MAX_DOCUMENT_CHARS, naming it by `label`; undefined when it fits. */
export function candidateTextProblem(text: string, label: string, limits: JobLineLimits): string | undefined {
  if (text.length <= limits.maxDocumentChars) return undefined;
  return `${label} ${charactersOver(limits.maxDocumentChars, 'RERANK_MAX_DOCUMENT_CHARS')(text)}`;
}

/**
 * The schemas a line is read with: its head first (`query_id`, `query`, `collection`), then its
 * candidates in the shape the head calls for.
 */
function lineSchemas(limits: JobLineLimits) {
  const candidateList = <T extends z.ZodTypeAny>(entry: T, message: string, required?: string) =>
    z
      .array(
        entry,
        say(message, {
          required,
          tooBig: (list: unknown[]) => `has ${list.length} entries; the limit is ${limits.maxCandidates} (RERANK_MAX_DOCUMENTS)`,
        }),
      )
      .min(1, 'must hold at least one candidate')
      .max(limits.maxCandidates);
  const inlineCandidate = z.object(
    {
      id: trecIdSchema,
      text: z
        .string(say('must be a string', { tooBig: charactersOver(limits.maxDocumentChars, 'RERANK_MAX_DOCUMENT_CHARS') }))
        .max(limits.maxDocumentChars),
    },
    say('must be an object { "id", "text" }'),
  );
  return {
    head: z.object(
      {
        query_id: trecIdSchema,
        query: z
          .string(
            say('must be a string', { required: 'is required', tooBig: charactersOver(limits.maxQueryChars, 'RERANK_MAX_QUERY_CHARS') }),
          )
          .regex(/\S/, 'must not be empty')
          .max(limits.maxQueryChars),
        collection: z.string(say(COLLECTION_NAME_RULE)).regex(COLLECTION_NAME).optional(),
        candidates: z.unknown(),
        top: z.unknown(),
      },
      say('must be a JSON object with "query_id", "query" and "candidates"'),
    ),
    top: z.object({
      top: z
        .number(
          say('must be a positive integer', {
            tooBig: (top: number) => `is ${top}; the limit is ${limits.maxTop} (SEARCH_MAX_CANDIDATES)`,
          }),
        )
        .int()
        .min(1)
        .max(limits.maxTop),
    }),
    ids: z.object({
      candidates: candidateList(trecIdSchema, 'must be an array of document ids').superRefine(uniqueIds((id: string) => id)),
    }),
    inline: z.object({
      candidates: candidateList(inlineCandidate, 'must be an array of { "id", "text" } objects', 'is required').superRefine(
        uniqueIds((candidate: BulkCandidate) => candidate.id),
      ),
    }),
  };
}

/** Built once per set of limits: an upload reads every line with the same ones. */
const schemasByLimits = new WeakMap<JobLineLimits, ReturnType<typeof lineSchemas>>();

function schemasFor(limits: JobLineLimits): ReturnType<typeof lineSchemas> {
  let schemas = schemasByLimits.get(limits);
  if (!schemas) schemasByLimits.set(limits, (schemas = lineSchemas(limits)));
  return schemas;
}

/** NDJSON line messages quote the field: `"candidates[1].id" is required`. */
const QUOTED = { quote: true };

/**
 * Reads one parsed line of a job upload: `{ query_id, query, candidates: [{ id, text }] }`,
 * `{ query_id, query, collection, candidates: [ids] }` or `{ query_id, query, collection, top }`.
 * Unknown fields are ignored. Returns the line, or a sentence naming the field and the limit.
 */
export function parseJobLine(value: unknown, limits: JobLineLimits): JobLine | string {
  const schemas = schemasFor(limits);
  const head = parseOrProblem(schemas.head, value, QUOTED);
  if ('problem' in head) return head.problem;
  const { query_id: queryId, query, collection, candidates, top } = head.value;
  const base = { queryId, query };

  if (collection !== undefined) {
    if ((candidates === undefined) === (top === undefined)) {
      return 'a line with "collection" needs either "candidates" (document ids) or "top" (how many first-stage candidates), not both';
    }
    if (top !== undefined) {
      const parsed = parseOrProblem(schemas.top, { top }, QUOTED);
      return 'problem' in parsed ? parsed.problem : { ...base, source: 'top', collection, top: parsed.value.top };
    }
    const parsed = parseOrProblem(schemas.ids, { candidates }, QUOTED);
    return 'problem' in parsed ? parsed.problem : { ...base, source: 'ids', collection, ids: parsed.value.candidates };
  }

  if (top !== undefined) return '"top" needs a "collection" to take the first-stage candidates from';
  const parsed = parseOrProblem(schemas.inline, { candidates }, QUOTED);
  return 'problem' in parsed ? parsed.problem : { ...base, source: 'inline', candidates: parsed.value.candidates };
}
