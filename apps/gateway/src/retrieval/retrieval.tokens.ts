/** The deployment's {@link RetrievalEngine} (collections + first-stage retriever). */
export const RETRIEVAL_ENGINE = Symbol('RETRIEVAL_ENGINE');
