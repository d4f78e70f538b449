import { z } from 'zod';
import { integerFrom, say } from './zod-problem';

/**
 * How a document longer than the model's window is read: the vocabulary shared by the gateway
 * (which takes it from requests) and the workers (which window, score and aggregate).
 */

/** How a document's window scores become its score. */
export const CHUNK_AGGREGATIONS = ['max', 'first', 'mean'] as const;
export type ChunkAggregation = (typeof CHUNK_AGGREGATIONS)[number];

/** Bounds both borders enforce: the gateway on requests and its config, the worker on payloads. */
export const LONG_DOCUMENT_LIMITS = {
  /** Most windows one document may be read in. */
  maxChunksPerDoc: 256,
  /** Most tokens consecutive windows may share. */
  stride: 256,
} as const;

/** Windowing of long documents, as a scoring job (score-pairs or bulk batch) carries it. */
export const windowingOptionsSchema = z
  .object(
    {
      aggregation: z.enum(CHUNK_AGGREGATIONS, say(`must be one of ${CHUNK_AGGREGATIONS.join(', ')}`)),
      /** Most windows read per document; the rest of a longer document is ignored. */
      maxChunks: integerFrom(1, LONG_DOCUMENT_LIMITS.maxChunksPerDoc),
      /** How many of the best windows `mean` averages; at most maxChunks, checked below where maxChunks is known. */
      meanTopK: z.custom<number>(),
      /** Document tokens shared by consecutive windows (clamped by the worker to half a window). */
      stride: integerFrom(0, LONG_DOCUMENT_LIMITS.stride),
    },
    say('must be an object'),
  )
  .superRefine(({ maxChunks, meanTopK }, ctx) => {
    if (!integerFrom(1, maxChunks).safeParse(meanTopK).success) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['meanTopK'], message: `must be an integer from 1 to ${maxChunks}` });
    }
  });

export type WindowingOptions = z.infer<typeof windowingOptionsSchema>;

/** Where the winning window lies in the document, in Unicode code points: `[...text].slice(start, end)`. */
export interface ChunkSpan {
  start: number;
  end: number;
}

/** Characters a token takes, roughly, in the texts the fleet reads. */
const CHARACTERS_PER_TOKEN = 4;
/** Characters one window holds, roughly: windows of a few hundred tokens. */
const CHARACTERS_PER_WINDOW = 2000;

/**
 * Windows a document of `characters` is likely read in, before anything tokenizes it: the gateway
 * loads no tokenizer and sizes scoring jobs by it. One when the document is cut to one window
 * (no `windowing`) or only its first window counts; the worker's reply says how many it really
 * was (`ScoredDocument.windows`). Only job sizes depend on the estimate, never a score.
 */
export function estimatedWindows(characters: number, windowing: WindowingOptions | undefined, maxDocumentTokens?: number): number {
  if (!windowing || windowing.aggregation === 'first') return 1;
  const read = Math.min(characters, (maxDocumentTokens ?? Infinity) * CHARACTERS_PER_TOKEN);
  return Math.min(windowing.maxChunks, Math.max(1, Math.ceil(read / CHARACTERS_PER_WINDOW)));
}
