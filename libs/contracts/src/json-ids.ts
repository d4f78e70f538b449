import { z } from 'zod';
import { say } from './zod-problem';

/**
 * Why a number cannot be an id, or undefined when it can: ids are strings, or integers that
 * JavaScript holds exactly (within ±(2^53 − 1)). JSON.parse has rounded a longer integer before
 * anyone sees it (123456789012345678901234567890 reads as 1.2345678901234568e+29, and so does
 * ...891), so such an id is refused, never stored rounded where it would overwrite another.
 * The test is sound: every integer literal past 2^53 − 1 reads as a number that is not a safe
 * integer, since rounding never crosses 2^53. A fraction is refused too, its digits being
 * rounded alike. The reason is a predicate: the caller puts the field's name in front.
 */
export function numericIdFault(value: number): string | undefined {
  if (Number.isSafeInteger(value)) return undefined;
  if (!Number.isFinite(value)) return `is too large a number to read (it reads as ${value}); send it as a string`;
  if (Number.isInteger(value)) {
    return (
      `is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read ` +
      `(it reads as ${value}), so two ids could become one; send it as a string`
    );
  }
  return `must be a string or an integer, not a fraction (${value})`;
}

/** {@link numericIdFault} as a sentence naming `field` as the message should (`"id"`, `documents[3].id`). */
export function numericIdProblem(value: number, field: string): string | undefined {
  const fault = numericIdFault(value);
  return fault && `${field} ${fault}`;
}

/** An integer id JavaScript holds exactly, read as its digits; other numbers fail with numericIdFault's reason. */
const integerIdSchema = z.number().transform((value, ctx) => {
  const fault = numericIdFault(value);
  if (fault) ctx.addIssue({ code: z.ZodIssueCode.custom, message: fault });
  return String(value);
});

/**
 * An id as JSON lines carry it: a non-empty string, or an integer read as its digits (a number
 * {@link numericIdFault} refuses is refused with its reason). Missing or null: "is required".
 * Pipe it into the string rules of the border (`.pipe(z.string().max(512))`). A union rather
 * than a preprocess step: zod 3 runs a refinement or transform ten times slower than a plain
 * check, and a string id, the common case, meets none.
 */
export const jsonIdSchema = z.union(
  [z.string().min(1, 'must not be empty'), integerIdSchema],
  say('must be a string or an integer', { required: 'is required' }),
);
