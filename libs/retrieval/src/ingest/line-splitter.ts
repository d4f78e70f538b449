import { Transform, TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A line grew past the splitter's `maxLength` characters before it ended; `line` counts from 1. */
export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxLength: number,
  ) {
    super(`line ${line} is longer than ${maxLength} characters`);
    this.name = 'LineTooLongError';
  }
}

/**
 * Splits UTF-8 bytes into lines ("\n" or "\r\n"), each pushed as a string, in time linear in the
 * bytes: a chunk is searched once and a line's pieces are joined once, when it ends. (split2
 * re-splits the whole unfinished line on every chunk, quadratic in a line's length: one 8 MB
 * line read in 16 KB chunks took 37 s.) Fails with {@link LineTooLongError} as soon as an
 * unfinished line passes `maxLength` characters, so memory holds at most about that much.
 */
export class LineSplitter extends Transform {
  /** Lines pushed so far. */
  lines = 0;
  private readonly decoder = new StringDecoder('utf8');
  private pieces: string[] = [];
  private pendingLength = 0;

  constructor(private readonly maxLength = Number.POSITIVE_INFINITY) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(this.splitOff(this.decoder.write(chunk)));
  }

  override _flush(callback: TransformCallback): void {
    const error = this.splitOff(this.decoder.end());
    if (!error && this.pendingLength > 0) this.pushLine(this.pieces.join(''));
    callback(error);
  }

  private splitOff(text: string): Error | undefined {
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.pieces.push(text.slice(start, end));
      const line = this.pieces.join('');
      this.pieces = [];
      this.pendingLength = 0;
      this.pushLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = end + 1;
    }
    if (start < text.length) {
      this.pieces.push(start === 0 ? text : text.slice(start));
      this.pendingLength += text.length - start;
      if (this.pendingLength > this.maxLength) return new LineTooLongError(this.lines + 1, this.maxLength);
    }
    return undefined;
  }

  private pushLine(line: string): void {
    this.lines++;
    this.push(line);
  }
}
