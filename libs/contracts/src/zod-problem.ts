import { z } from 'zod';

/**
 * Borders other than HTTP bodies (queue payloads, NDJSON lines) are checked by zod schemas whose
 * issues carry the fleet's message style: the schema gives the predicate (`must be a string`,
 * `must be an integer from 1 to 64`) and {@link zodProblem} puts the field's path in front.
 */

export interface SayOptions {
  /** Message for a value that is missing or null; default: the main message. */
  required?: string;
  /** Message for a value past the schema's maximum, made from the value (its length, its count). */
  tooBig?: (value: never) => string;
}

/**
 * Params giving every issue a schema raises itself one message, whatever zod's issue code (wrong
 * type, out of bounds, bad format): `z.number(say('must be an integer from 1 to 64')).int()...`.
 * A check given a message of its own (`.min(1, 'must not be empty')`) keeps it.
 */
export function say(message: string, options: SayOptions = {}): { errorMap: z.ZodErrorMap } {
  return {
    errorMap: (issue, { data }) => {
      if ((data === undefined || data === null) && options.required) return { message: options.required };
      if (issue.code === z.ZodIssueCode.too_big && options.tooBig) return { message: options.tooBig(data as never) };
      return { message };
    },
  };
}

/** `z.number()` that accepts only integers from `min` to `max`, saying so. */
export function integerFrom(min: number, max: number) {
  return z
    .number(say(`must be an integer from ${min} to ${max}`))
    .int()
    .min(min)
    .max(max);
}

/** A list of at least one entry and at most `max`, saying which bound it breaks. */
export function boundedList<T extends z.ZodTypeAny>(entry: T, max: number) {
  return z
    .array(
      entry,
      say('must be a non-empty array', { tooBig: (list: unknown[]) => `has ${list.length} entries, more than the limit of ${max}` }),
    )
    .min(1)
    .max(max);
}

/** A schema per limit, built once: a worker's limit is fixed and parsing runs per job. */
export function memoizeByLimit<S>(build: (limit: number) => S): (limit: number) => S {
  const built = new Map<number, S>();
  return (limit) => {
    let schema = built.get(limit);
    if (!schema) built.set(limit, (schema = build(limit)));
    return schema;
  };
}

/** A zod path as the messages write it: `documents[3].index`, `queries[2].candidates[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export interface ProblemOptions {
  /** Quote the path as NDJSON line messages do: `"candidates[1].id" is required`. */
  quote?: boolean;
}

/**
 * The sentence for the first issue of a failed parse: its path, then the schema's message
 * (`windowing.maxChunks must be an integer from 1 to 256`). An issue of the value as a whole has
 * no path; its message is a sentence already (`payload must be an object`).
 */
export function zodProblem(error: z.ZodError, options: ProblemOptions = {}): string {
  const [issue] = error.issues;
  if (issue.path.length === 0) return issue.message;
  const path = formatPath(issue.path);
  return `${options.quote ? `"${path}"` : path} ${issue.message}`;
}

/** The parsed value, or the error `fail` makes of the first problem's sentence. */
export function parseOrThrow<S extends z.ZodTypeAny>(schema: S, data: unknown, fail: (problem: string) => Error): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw fail(zodProblem(result.error));
  return result.data as z.output<S>;
}

/** The parsed value, or the sentence naming its first problem (for readers that report lines, not throw). */
export function parseOrProblem<S extends z.ZodTypeAny>(
  schema: S,
  data: unknown,
  options: ProblemOptions = {},
): { value: z.output<S> } | { problem: string } {
  const result = schema.safeParse(data);
  return result.success ? { value: result.data as z.output<S> } : { problem: zodProblem(result.error, options) };
}
