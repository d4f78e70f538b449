import { createHash } from 'node:crypto';
import { WindowingOptions } from '@rerank/contracts';

/** Everything besides the two texts that a pair's score depends on. */
export interface ScoreReading {
  model: string;
  /** The model files' fingerprint, as all of the model's live workers report it. */
  fingerprint: string;
  /** Tokens per pair the workers feed the model. */
  maxLength: number;
  /** Absent: each document is cut to one window. */
  windowing?: WindowingOptions;
  maxDocumentTokens?: number;
  truncationDirection?: 'left' | 'right';
}

/** Bumped whenever the key layout or the stored value changes meaning, so old entries are never read. */
const FORMAT = 'v2';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The reading options in a fixed order: a JSON object's key order is not something to hash. */
function readingOptions({ windowing, maxDocumentTokens, truncationDirection }: ScoreReading): unknown[] {
  const window = windowing ? [windowing.aggregation, windowing.maxChunks, windowing.meanTopK, windowing.stride] : 'truncate';
  return [window, maxDocumentTokens ?? null, truncationDirection ?? 'right'];
}

/**
 * The score cache's Redis key of each (query, text) pair under `reading`:
 * `<prefix>:score-cache:<model>:<reading and query digest>:<text digest>`, digests being
 * base64url SHA-256. Keys live under the fleet's queue prefix, so fleets sharing a Redis never
 * share scores, and the model's name stays readable for `SCAN … MATCH`.
 */
export function scoreCacheKeys(prefix: string, reading: ScoreReading, query: string, texts: readonly string[]): string[] {
  const context = digest(JSON.stringify([FORMAT, reading.fingerprint, reading.maxLength, readingOptions(reading), digest(query)]));
  const base = `${prefix}:score-cache:${reading.model}:${context}:`;
  return texts.map((text) => base + digest(text));
}
