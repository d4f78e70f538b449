import { NotFoundException } from '@nestjs/common';
import { CollectionNotFoundError } from '@rerank/retrieval';

/** Runs a retrieval call, turning the engine's "no such collection" into a 404. */
export async function orNotFound<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CollectionNotFoundError) throw new NotFoundException(error.message);
    throw error;
  }
}
