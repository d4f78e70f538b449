import { Lane, TruncationDirection, WindowingOptions } from '@rerank/contracts';
import { CrossEncoderScorer, ScoredDocuments } from '@rerank/scoring';

/** How a job asks for its texts to be read and when their pairs run: what both lanes' payloads carry. */
export interface TextScoringOptions {
  /** Read documents longer than one window in windows; absent: cut each to one window. */
  windowing?: WindowingOptions;
  /** Document tokens read at most. */
  maxDocumentTokens?: number;
  /** `left`: a too-long document keeps its end. Absent: its start. */
  truncationDirection?: TruncationDirection;
  /** Epoch ms after which nobody waits for the scores. */
  deadline?: number;
  lane: Lane;
}

/**
 * Scores one query's texts as a job asks: in windows when it carries windowing, else each cut to
 * one window. The one mapping from a queue payload to the scorer, for the interactive and bulk lanes.
 */
export async function scoreTexts(
  scorer: CrossEncoderScorer,
  query: string,
  texts: readonly string[],
  options: TextScoringOptions,
): Promise<ScoredDocuments> {
  const { windowing, maxDocumentTokens, truncationDirection, deadline, lane } = options;
  if (windowing) {
    const { aggregation, meanTopK, maxChunks, stride } = windowing;
    return scorer.scoreDocuments(query, texts, {
      aggregation,
      meanTopK,
      stride,
      maxWindows: maxChunks,
      ...(maxDocumentTokens !== undefined && { maxDocumentTokens }),
      ...(truncationDirection !== undefined && { truncationDirection }),
      deadline,
      lane,
    });
  }
  const pairs = await scorer.encode(query, texts, maxDocumentTokens, truncationDirection);
  const scored = await scorer.scoreEncoded(pairs, { deadline, lane });
  return { ...scored, documents: scored.logits.map((logit, i) => ({ logit, windows: 1, tokens: pairs[i].inputIds.length })) };
}
