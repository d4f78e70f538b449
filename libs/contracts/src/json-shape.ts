/**
 * Deepest nesting of arrays and objects a JSON text the fleet reads may have. Nest's
 * ValidationPipe, class-transformer and JSON.stringify all recurse, so a body of 100k `[` would
 * overflow the stack (a 500) long before the body limit; no request or document needs more than
 * a few levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Most fields one JSON object may have (Elasticsearch's default field limit). A rerank request
 * has a dozen fields and a document's metadata a handful; 200,000 of them cost the parser and
 * every walk after it far more per byte than text does, so they are refused by a scan of the
 * text before JSON.parse runs, and never hold the event loop.
 */
export const MAX_JSON_OBJECT_FIELDS = 1000;

export interface JsonShapeLimits {
  maxDepth: number;
  maxFields: number;
}

export const JSON_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: MAX_JSON_DEPTH, maxFields: MAX_JSON_OBJECT_FIELDS };

/**
 * What an NDJSON line is held to: the field limit only. JSON.parse has no depth limit of its own,
 * and the line readers take the fields they know and never walk the rest, however deep.
 */
export const JSON_LINE_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: Number.POSITIVE_INFINITY, maxFields: MAX_JSON_OBJECT_FIELDS };

export type JsonShapeProblem = 'too deep' | 'too wide';

/**
 * The first way `text` (JSON, as a string or UTF-8 bytes) breaks `limits`: arrays and objects
 * nested deeper than `maxDepth`, or an object with more than `maxFields` fields; undefined when
 * it keeps them. One linear pass, no parsing; brackets and commas inside strings do not count.
 * Multi-byte UTF-8 sequences never contain ASCII bytes, so the scan of bytes is exact too.
 */
export function jsonShapeProblem(text: string | Uint8Array, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): JsonShapeProblem | undefined {
  const codeAt = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  // Strings are most of a body's bytes: jump from quote to quote with the native indexOf.
  const nextQuote = typeof text === 'string' ? (from: number) => text.indexOf('"', from) : (from: number) => text.indexOf(0x22, from);
  // Per open level: the commas (fields after the first) an object has had, or -1 for an array.
  const commas: number[] = [-1];
  for (let i = 0; i < text.length; i++) {
    const code = codeAt(i);
    if (code === 0x22) {
      i = closingQuote(i, codeAt, nextQuote);
      if (i < 0) return undefined; // an unterminated string: the rest is inside it
    } else if (code === 0x2c) {
      const top = commas.length - 1;
      if (commas[top] >= 0 && ++commas[top] >= limits.maxFields) return 'too wide';
    } else if (code === 0x5b || code === 0x7b) {
      if (commas.length > limits.maxDepth) return 'too deep';
      commas.push(code === 0x7b ? 0 : -1);
    } else if ((code === 0x5d || code === 0x7d) && commas.length > 1) {
      commas.pop();
    }
  }
  return undefined;
}

/** Position of the quote that closes the string opened at `open`, or -1: a quote after an odd run of backslashes is escaped. */
function closingQuote(open: number, codeAt: (i: number) => number, nextQuote: (from: number) => number): number {
  let quote = nextQuote(open + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (codeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = nextQuote(quote + 1);
  }
  return -1;
}

/** The sentence for a {@link JsonShapeProblem}, naming the limit. */
export function jsonShapeMessage(problem: JsonShapeProblem, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): string {
  return problem === 'too deep'
    ? `nests arrays and objects deeper than ${limits.maxDepth} levels`
    : `has an object with more than ${limits.maxFields} fields; the limit is ${limits.maxFields} fields per object`;
}
