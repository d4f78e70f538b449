/**
 * Why a number cannot be an id, or undefined when it can: ids are strings, or integers that
 * JavaScript holds exactly (within ±(2^53 − 1)). JSON.parse has rounded a longer integer before
 * anyone sees it (123456789012345678901234567890 reads as 1.2345678901234568e+29, and so does
 * ...891), so such an id is refused, never stored rounded where it would overwrite another.
 * The test is sound: every integer literal past 2^53 − 1 reads as a number that is not a safe
 * integer, since rounding never crosses 2^53. A fraction is refused too, its digits being
 * rounded alike; `field` names the id as the message should (`"id"`, `documents[3].id`).
 */
export function numericIdProblem(value: number, field: string): string | undefined {
  if (Number.isSafeInteger(value)) return undefined;
  if (!Number.isFinite(value)) return `${field} is too large a number to read (it reads as ${value}); send it as a string`;
  if (Number.isInteger(value)) {
    return (
      `${field} is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read ` +
      `(it reads as ${value}), so two ids could become one; send it as a string`
    );
  }
  return `${field} must be a string or an integer, not a fraction (${value})`;
}
