import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { CollectionConflictError, CollectionNotFoundError, RetrievalRequestError } from '@rerank/retrieval';

/**
 * Runs a retrieval call, turning the engine's errors into HTTP answers: no such collection 404,
 * other settings than asked 409, a search the collection cannot serve 400.
 */
export async function orNotFound<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CollectionNotFoundError) throw new NotFoundException(error.message);
    if (error instanceof CollectionConflictError) throw new ConflictException(error.message);
    if (error instanceof RetrievalRequestError) throw new BadRequestException(error.message);
    throw error;
  }
}
