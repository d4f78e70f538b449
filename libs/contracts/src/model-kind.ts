/**
 * What a served model computes. A cross-encoder scores (query, document) pairs (rerank); a
 * bi-encoder turns each text into one vector (embeddings). A worker serves either kind.
 */
export const MODEL_KINDS = ['cross-encoder', 'bi-encoder'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export function isModelKind(value: string): value is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(value);
}
