import { BadRequestException } from '@nestjs/common';
import type { TruncationDirection } from '@rerank/contracts';

/** What every embeddings dialect asks of EmbeddingsService. */
export interface EmbedCommand {
  requestId: string;
  /** Absent: the first routed model whose workers report a bi-encoder. */
  model?: string;
  texts: string[];
  /** The request's own name for its texts, for messages (`input`, `inputs`). */
  textsField: string;
  /** L2-normalise (default true). */
  normalize: boolean;
  /** Whether a text longer than the model's window may be cut (else 413). */
  truncate: boolean;
  truncationDirection: TruncationDirection;
  /** Refused unless it equals the model's own vector size: a bi-encoder cannot shorten its vectors. */
  dimensions?: number;
}

export interface EmbedAnswer {
  model: string;
  vectors: Float32Array[];
  /** Tokens the model read, special tokens included. */
  promptTokens: number;
}

/** A request with nothing to embed: its own class, since TEI answers it with its own error type. */
export class EmptyInputException extends BadRequestException {}
