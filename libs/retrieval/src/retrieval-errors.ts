/** Raised for a collection that does not exist; the gateway answers 404. */
export class CollectionNotFoundError extends Error {
  constructor(readonly collection: string) {
    super(`collection "${collection}" does not exist`);
    this.name = 'CollectionNotFoundError';
  }
}

/** A line of an NDJSON upload that is not a valid document; `line` counts from 1. */
export class DocumentLineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'DocumentLineError';
  }
}

/** A collection exists with another embedding model than asked for; the gateway answers 409. */
export class CollectionConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectionConflictError';
  }
}

/** A search or write the collection cannot serve as asked (dense search without vectors); the gateway answers 400. */
export class RetrievalRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetrievalRequestError';
  }
}
