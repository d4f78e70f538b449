import { Readable, pipeline } from 'node:stream';
import split2 from 'split2';

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

export interface UploadLine {
  /** From 1, blank lines included, as an editor numbers them. */
  number: number;
  value: unknown;
}

/**
 * The JSON values of an NDJSON stream, one per non-blank line, read as they arrive: memory
 * holds one line, never the upload. Throws {@link UploadLineError} for a line that is not JSON
 * or is longer than `maxLineChars`, or the one `input` fails with; any other failure of `input`
 * is {@link UploadInterruptedError}.
 *
 * Stopping early destroys `input`, so an HTTP request must come through `openNdjsonUpload`,
 * which reads the rest of it instead (and checks the bytes are UTF-8).
 */
export async function* readUploadLines(input: Readable, maxLineChars: number): AsyncGenerator<UploadLine> {
  let numbered = 0;
  // split2 maps lines in order as it finds them, so the count is exact even when it fails on an
  // over-long line whose earlier neighbours were never consumed.
  const splitter = split2((text: string) => ({ number: ++numbered, text }), { maxLength: maxLineChars });
  const lines = pipeline(input, splitter, () => undefined) as AsyncIterable<{ number: number; text: string }>;
  const tooLong = `is longer than ${maxLineChars} characters`;
  try {
    for await (const line of lines) {
      if (line.text.length > maxLineChars) throw new UploadLineError(line.number, tooLong);
      const text = line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new UploadLineError(line.number, 'is not valid JSON');
      }
      yield { number: line.number, value };
    }
  } catch (error) {
    if (error instanceof UploadLineError) throw error;
    if (error instanceof Error && error.message === 'maximum buffer reached') throw new UploadLineError(numbered + 1, tooLong);
    throw new UploadInterruptedError(error);
  }
}
