/** TEI's `error_type` values (text-embeddings-inference `router/src/lib.rs`, serialised as named). */
export type TeiErrorType = 'Unhealthy' | 'Backend' | 'Overloaded' | 'Validation' | 'Tokenizer' | 'Empty';

/** An error as TEI answers it. */
export interface TeiError {
  status: number;
  body: { error: string; error_type: TeiErrorType };
}

/** IsTextList's message for `texts: []`, which TEI answers as `Empty`. */
const EMPTY_TEXTS = /must contain at least one text$/;

/**
 * Our status and message in TEI's shape and codes. TEI answers `Validation` (too many texts
 * included) with 422 since its PR #818 (413 before; its OpenAPI text still says 413), an empty
 * batch with 400 `Empty`, an overload with 429, a failed model with 424 `Backend`, and an
 * unhealthy server with 503 `Unhealthy`; a body over the size limit is 413. TEI has no
 * deadline, so our 504 keeps its status and is called `Backend`; statuses TEI never sends
 * (401, 404, 415) keep theirs as `Validation`, being the client's to fix.
 */
export function teiErrorOf(status: number, message: string): TeiError {
  const as = (code: number, error_type: TeiErrorType): TeiError => ({ status: code, body: { error: message, error_type } });
  if (status === 400) return EMPTY_TEXTS.test(message) ? as(400, 'Empty') : as(422, 'Validation');
  if (status === 413) return as(413, 'Validation');
  if (status === 429) return as(429, 'Overloaded');
  if (status === 502) return as(424, 'Backend');
  if (status === 503) return as(503, 'Unhealthy');
  if (status >= 500) return as(status, 'Backend');
  return as(status, 'Validation');
}
