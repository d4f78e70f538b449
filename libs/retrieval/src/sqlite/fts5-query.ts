/**
 * Lucene's English stop set (EnglishAnalyzer), which the usual BM25 baselines drop from queries.
 * Without it a query holding "the" would make FTS5 score nearly every row of a collection.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was',
  'will', 'with',
]);

// Runs of letters, digits, combining marks and private-use characters: what the unicode61
// tokenizer keeps as token characters. Everything else ("-", "*", ":", quotes, parentheses) separates.
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

/**
 * The query's words as FTS5 strings, each in double quotes, so nothing the user typed is read as
 * FTS5 syntax. Words never contain a double quote (see WORD), so quoting cannot be escaped from.
 */
export function toFts5Phrases(query: string, stopwords?: ReadonlySet<string>): string[] {
  return queryWords(query, stopwords).map((word) => `"${word}"`);
}

/** An FTS5 MATCH expression ORing the query's words; undefined when the query has no words. */
export function toFts5Match(query: string, stopwords?: ReadonlySet<string>): string | undefined {
  const phrases = toFts5Phrases(query, stopwords);
  return phrases.length === 0 ? undefined : phrases.join(' OR ');
}
