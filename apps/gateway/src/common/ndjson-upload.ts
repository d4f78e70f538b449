import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import { IncomingHttpHeaders } from 'node:http';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The error a line reader reports for line `line` (from 1): each upload border has its own class. */
export type LineErrorFactory = (line: number, problem: string) => Error;

/** What an NDJSON upload is read from: an HTTP request, or a stream standing in for one. */
export type UploadRequest = Readable & { headers: IncomingHttpHeaders };

const NEWLINE = 0x0a;
const NO_BYTES = Buffer.alloc(0);

/** The content codings JSON bodies may use too, decoded as body-parser decodes them (deflate is zlib-wrapped). */
const DECOMPRESSORS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/** Bytes (0 to 3) at the end of `bytes` that begin a multi-byte character the next chunk may complete. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    if (byte < 0xc2 || byte > 0xf4) return 0; // ASCII, or a byte no character starts with
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > back ? back : 0;
  }
  return 0;
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** How many lines into `bytes` (invalid UTF-8 starting on a character boundary) the first bad byte is. */
function lineOfFirstInvalidByte(bytes: Buffer): number {
  let line = 0;
  for (let start = 0; ; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0 || !isUtf8(bytes.subarray(start, end))) return line;
    start = end + 1;
  }
}

/**
 * Passes bytes on once they are known to be UTF-8 (RFC 8259: JSON between systems is UTF-8;
 * decoding would silently put U+FFFD in place of bad bytes) and fails with the number of the
 * line holding the first bad byte. A character split between chunks is held back, at most 3
 * bytes, until the next chunk completes it. "\n" never occurs inside a multi-byte character, so
 * counting its bytes numbers lines as the line readers do. A bad chunk is failed whole, before the
 * reader parses its lines: an earlier bad line in the same chunk goes unnamed, as it does when
 * the line splitter finds an over-long line.
 */
export class Utf8LineValidator extends Transform {
  /** The line being read, from 1. */
  line = 1;
  private carry: Buffer = NO_BYTES;

  constructor(private readonly lineError: LineErrorFactory) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = bytes.length - incompleteTail(bytes);
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) {
      callback(this.lineError(this.line + lineOfFirstInvalidByte(whole), 'is not valid UTF-8'));
      return;
    }
    this.line += countNewlines(whole);
    this.carry = Buffer.from(bytes.subarray(end));
    callback(null, whole.length > 0 ? whole : undefined);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.carry.length > 0 ? this.lineError(this.line, 'is not valid UTF-8 (it ends inside a character)') : null);
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1];
}

/**
 * The bytes of an NDJSON upload as a line reader should see them: decompressed by their
 * `content-encoding` (gzip, deflate or br, as JSON bodies may be; the reader's line limit bounds
 * memory either way) and checked to be UTF-8. Throws, reading nothing, for another encoding
 * (415) or a charset other than UTF-8 (400). The stream fails with `lineError(line, problem)` for
 * bytes that are not UTF-8 or do not decompress, `line` being the first one not read whole; and
 * with the request's own error when the client goes away.
 *
 * Destroy the stream to stop early (a line reader's `pipeline` does): the request is then read
 * to its end and discarded, neither decompressed nor checked. It is not destroyed: that resets
 * the socket, and the client never reads the 400 that says which line was bad.
 */
export function openNdjsonUpload(request: UploadRequest, lineError: LineErrorFactory): Readable {
  const charset = charsetOf(request.headers['content-type']);
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new BadRequestException(`an NDJSON upload must be UTF-8 (RFC 8259); got charset "${charset.slice(0, 64)}"`);
  }
  const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase() || 'identity';
  const decompressor = encoding === 'identity' ? undefined : DECOMPRESSORS.get(encoding)?.();
  if (encoding !== 'identity' && !decompressor) {
    throw new UnsupportedMediaTypeException(
      `content-encoding "${encoding.slice(0, 64)}" is not supported; send the upload uncompressed or as gzip, deflate or br`,
    );
  }

  const validator = new Utf8LineValidator(lineError);
  const first = decompressor ?? validator;
  request.pipe(first);
  if (decompressor) {
    decompressor.pipe(validator);
    decompressor.on('error', (error: Error) =>
      validator.destroy(lineError(validator.line, `could not be decompressed as content-encoding "${encoding}" (${error.message})`)),
    );
  }
  // Piping carries data, not errors or an early end: without these the reader would wait forever.
  const onRequestError = (error: Error) => validator.destroy(error);
  const onRequestClose = () => {
    if (!request.readableEnded) validator.destroy(new Error('the upload was interrupted before its end'));
  };
  request.on('error', onRequestError);
  request.on('close', onRequestClose);
  validator.once('close', () => {
    request.off('error', onRequestError);
    request.off('close', onRequestClose);
    decompressor?.destroy();
    if (request.readableEnded) return;
    request.unpipe(first);
    request.resume();
  });
  return validator;
}
