/**
 * Lucene's English stop set (EnglishAnalyzer), which the usual BM25 baselines drop from queries.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);

// Runs of letters, digits, combining marks and private-use characters. Everything else ("-", "*",
// ":", quotes, parentheses) separates, so nothing the user typed reaches the engine as syntax.
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/**
 * The words of a free-text query, stop words removed unless nothing else is left (so
 * "to be or not to be" still finds something). Operator-looking words (AND, OR, NOT, NEAR)
 * are words like any other.
 */
export function queryWords(query: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): string[] {
  const words = query.match(WORD) ?? [];
  const kept = words.filter((word) => !stopwords.has(word.toLowerCase()));
  return kept.length > 0 ? kept : words;
}
