import { HttpException } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Utf8LineValidator, openNdjsonUpload } from './ndjson-upload';

class LineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}
const lineError = (line: number, problem: string) => new LineError(line, problem);

/** `bytes` cut into chunks of `size` bytes. */
const chunksOf = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const validated = (chunks: Buffer[]) => readAll(Readable.from(chunks).pipe(new Utf8LineValidator(lineError)));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

// 2-, 3- and 4-byte characters, and a BOM, on three lines.
const VALID = Buffer.from('\uFEFF{"q": "café"}\n{"q": "€ 5"}\r\n{"q": "😀 naïve 日本"}\n', 'utf8');

describe('Utf8LineValidator', () => {
  it('passes UTF-8 through unchanged however the chunks cut its characters', async () => {
    for (const size of [1, 2, 3, 5, 7, VALID.length]) {
      expect((await validated(chunksOf(VALID, size))).equals(VALID)).toBe(true);
    }
  });

  it('names line 3 for a bad byte on line 3, however the stream is chunked', async () => {
    const bytes = Buffer.concat([Buffer.from('{"q": "é"}\n\n{"q": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"q": "ok"}\n')]);
    for (let size = 1; size <= bytes.length; size++) {
      expect([size, await failure(validated(chunksOf(bytes, size)))]).toEqual([size, new LineError(3, 'is not valid UTF-8')]);
    }
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a lead byte followed by ASCII', [0xc3, 0x28]],
    ['a character cut short by a newline', [0xe2, 0x82, 0x0a]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte no character starts with', [0xff]],
  ])('refuses %s, naming its line', async (_, bad) => {
    const bytes = Buffer.concat([Buffer.from('{"a": 1}\n{"b": "'), Buffer.from(bad), Buffer.from('x"}\n')]);
    for (const size of [1, 4, bytes.length]) {
      expect(await failure(validated(chunksOf(bytes, size)))).toEqual(new LineError(2, 'is not valid UTF-8'));
    }
  });

  it('refuses an upload that ends inside a character', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a": 1}\n{"b": "'), Buffer.from([0xf0, 0x9f, 0x98])]);
    expect(await failure(validated([bytes]))).toEqual(new LineError(2, 'is not valid UTF-8 (it ends inside a character)'));
  });
});

describe('openNdjsonUpload', () => {
  const request = (body: Buffer[], headers: Record<string, string> = {}) => Object.assign(Readable.from(body), { headers });
  const open = (body: Buffer[], headers?: Record<string, string>) => openNdjsonUpload(request(body, headers), lineError);
  const httpFailure = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return [(error as HttpException).getStatus(), (error as HttpException).message];
    }
    return undefined;
  };

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
    ['GZip ', gzipSync],
  ])('decompresses content-encoding %s', async (encoding, compress) => {
    const compressed = compress(VALID);
    expect((await readAll(open(chunksOf(compressed, 10), { 'content-encoding': encoding }))).equals(VALID)).toBe(true);
  });

  it('reads identity and a UTF-8 charset as they are', async () => {
    const headers = { 'content-encoding': 'identity', 'content-type': 'application/x-ndjson; charset=UTF-8' };
    expect((await readAll(open([VALID], headers))).equals(VALID)).toBe(true);
  });

  it('refuses another encoding with a 415 and another charset with a 400, before reading anything', () => {
    for (const encoding of ['zstd', 'gzip, br', '__proto__']) {
      expect(httpFailure(() => open([VALID], { 'content-encoding': encoding }))).toEqual([
        415,
        `content-encoding "${encoding}" is not supported; send the upload uncompressed or as gzip, deflate or br`,
      ]);
    }
    expect(httpFailure(() => open([VALID], { 'content-type': 'application/x-ndjson; charset=latin1' }))).toEqual([
      400,
      'an NDJSON upload must be UTF-8 (RFC 8259); got charset "latin1"',
    ]);
  });

  it('names the line where decompression failed', async () => {
    expect(await failure(readAll(open([VALID], { 'content-encoding': 'gzip' })))).toEqual(
      new LineError(1, 'could not be decompressed as content-encoding "gzip" (incorrect header check)'),
    );
    // Cut inside the trailer: every line decompresses, the check of the whole fails.
    const truncated = gzipSync(Buffer.from('{"a": 1}\n{"b": 2}\n{"c": 3}\n'));
    expect(await failure(readAll(open([truncated.subarray(0, truncated.length - 4)], { 'content-encoding': 'gzip' })))).toEqual(
      new LineError(4, 'could not be decompressed as content-encoding "gzip" (unexpected end of file)'),
    );
  });

  it('checks the decompressed bytes are UTF-8', async () => {
    const body = gzipSync(Buffer.concat([Buffer.from('{"a": 1}\n{"b": "'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    expect(await failure(readAll(open([body], { 'content-encoding': 'gzip' })))).toEqual(new LineError(2, 'is not valid UTF-8'));
  });

  it.each([undefined, 'gzip'])(
    'reads the rest of the request and discards it once the upload is destroyed (content-encoding %s)',
    async (encoding) => {
      const input = Object.assign(new PassThrough(), { headers: encoding ? { 'content-encoding': encoding } : {} });
      const upload = openNdjsonUpload(input, lineError);
      input.write(encoding ? gzipSync(VALID) : VALID);
      upload.destroy();
      // Far more than any stream buffers: only a reader that drains lets it all through.
      for (let i = 0; i < 100; i++) input.write(Buffer.alloc(64 * 1024, 0xff));
      input.end();
      await new Promise((resolve) => input.once('end', resolve));
      expect([input.readableEnded, input.errored]).toEqual([true, null]);
    },
  );

  it('fails when the request fails or ends early, so no reader waits forever', async () => {
    const failing = Object.assign(new PassThrough(), { headers: {} });
    const reading = failure(readAll(openNdjsonUpload(failing, lineError)));
    failing.destroy(new Error('aborted'));
    expect(await reading).toEqual(new Error('aborted'));

    const closing = Object.assign(new PassThrough(), { headers: {} });
    const cut = failure(readAll(openNdjsonUpload(closing, lineError)));
    closing.write('{"a": 1}\n');
    closing.destroy();
    expect(await cut).toEqual(new Error('the upload was interrupted before its end'));
  });
});
