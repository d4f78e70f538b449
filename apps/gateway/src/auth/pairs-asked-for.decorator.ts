import { SetMetadata } from '@nestjs/common';

export const PAIRS_ASKED_FOR = Symbol('pairsAskedFor');

/** Pairs a request will make the fleet score, read from its parsed but not yet validated body. */
export type PairsOfBody = (body: Record<string, unknown>) => number;

/**
 * Marks a route that scores pairs, with how to count them from its body: the API-key guard draws
 * that many from the key's per-minute pairs budget. A route without it draws none.
 */
export const PairsAskedFor = (pairs: PairsOfBody) => SetMetadata(PAIRS_ASKED_FOR, pairs);

/** Pairs as the length of one array field of the body; 0 when the field is not an array. */
export const pairsInArray =
  (field: string): PairsOfBody =>
  (body) => {
    const value = body[field];
    return Array.isArray(value) ? value.length : 0;
  };
