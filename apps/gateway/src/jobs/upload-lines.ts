import { Readable } from 'node:stream';
import { JsonLine, JsonLineError, JsonLinesReader } from '@rerank/retrieval';

/** A line of an upload that cannot be taken; `line` counts from 1, blank lines included. */
export class UploadLineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'UploadLineError';
  }
}

/** The client stopped sending before the upload ended. */
export class UploadInterruptedError extends Error {
  constructor(cause?: unknown) {
    super('the upload was interrupted before its end', { cause });
    this.name = 'UploadInterruptedError';
  }
}

export type UploadLine = JsonLine;

/**
 * The JSON values of an upload, one per non-blank line, read as they arrive: memory holds one
 * line, never the upload. Throws {@link UploadLineError} for a line that is not JSON or is
 * longer than `maxLineChars`, or the one `input` fails with; any other failure of `input` is
 * {@link UploadInterruptedError}.
 *
 * Stopping early destroys `input`, so an HTTP request must come through `openNdjsonUpload`,
 * which reads the rest of it instead (and checks the bytes are UTF-8).
 */
export async function* readUploadLines(input: Readable, maxLineChars: number): AsyncGenerator<UploadLine> {
  try {
    yield* new JsonLinesReader(input, maxLineChars).lines();
  } catch (error) {
    if (error instanceof UploadLineError) throw error;
    if (error instanceof JsonLineError) throw new UploadLineError(error.line, error.problem);
    throw new UploadInterruptedError(error);
  }
}
