/** Documents one Cohere search unit covers. */
const DOCUMENTS_PER_SEARCH_UNIT = 100;

/**
 * Cohere's billing unit for a rerank: one query with up to 100 documents. Cohere also counts
 * each chunk of a document over 500 tokens as a document; we read long documents in windows of
 * the model's own length instead, so only the documents sent are counted.
 */
export function searchUnitsOf(documents: number): number {
  return Math.max(1, Math.ceil(documents / DOCUMENTS_PER_SEARCH_UNIT));
}
