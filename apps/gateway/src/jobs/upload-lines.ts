import { Readable } from 'node:stream';
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
 * or is longer than `maxLineChars`.
 *
 * The input is piped, not handed to `pipeline`: stopping early must not destroy an HTTP request
 * (that resets the socket, and the client never reads the 400 that says which line was bad).
 * Whatever is left of it is read and discarded instead.
 */
export async function* readUploadLines(input: Readable, maxLineChars: number): AsyncGenerator<UploadLine> {
  let numbered = 0;
  // split2 maps lines in order as it finds them, so the count is exact even when it fails on an
  // over-long line whose earlier neighbours were never consumed.
  const splitter = split2((text: string) => ({ number: ++numbered, text }), { maxLength: maxLineChars });
  const onError = (error: Error) => splitter.destroy(new UploadInterruptedError(error));
  const onClose = () => {
    if (!input.readableEnded) splitter.destroy(new UploadInterruptedError());
  };
  input.on('error', onError);
  input.on('close', onClose);
  input.pipe(splitter);
  const tooLong = `is longer than ${maxLineChars} characters`;
  let finished = false;
  try {
    for await (const line of splitter as AsyncIterable<{ number: number; text: string }>) {
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
    finished = true;
  } catch (error) {
    if (error instanceof Error && error.message === 'maximum buffer reached') throw new UploadLineError(numbered + 1, tooLong);
    throw error;
  } finally {
    input.off('error', onError);
    input.off('close', onClose);
    if (!finished) {
      input.unpipe(splitter);
      input.resume();
    }
  }
}
