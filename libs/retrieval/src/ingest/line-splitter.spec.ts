import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LineSplitter, LineTooLongError } from './line-splitter';

async function split(chunks: Array<string | Buffer>, maxLength?: number): Promise<string[]> {
  const lines: string[] = [];
  await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), new LineSplitter(maxLength), async (source) => {
    for await (const line of source) lines.push(line as string);
  });
  return lines;
}

describe('LineSplitter', () => {
  it('splits on \\n and \\r\\n, across chunks, keeping blank lines and a last line without an end', async () => {
    expect(await split(['a\r\nb', 'c\n\n', 'd\r', '\ne'])).toEqual(['a', 'bc', '', 'd', 'e']);
    expect(await split(['a\n'])).toEqual(['a']);
  });

  it('decodes a character split between chunks', async () => {
    const bytes = Buffer.from('東京\n🎉\n');
    expect(await split([bytes.subarray(0, 2), bytes.subarray(2, 8), bytes.subarray(8)])).toEqual(['東京', '🎉']);
  });

  it('fails as soon as an unfinished line passes maxLength, naming it', async () => {
    await expect(split(['ok\n', 'x'.repeat(6), 'x'.repeat(6)], 10)).rejects.toEqual(new LineTooLongError(2, 10));
  });

  it('reads one long line in many small chunks in time linear in its length', async () => {
    // split2 re-split the unfinished line on every chunk: 8 MB in 16 KB chunks took 37 s.
    const line = 'x'.repeat(8 * 1024 * 1024);
    const chunks = Array.from({ length: line.length / 16384 }, (_, i) => line.slice(i * 16384, (i + 1) * 16384));
    const lines = await split([...chunks, '\n']);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBe(line.length);
  });
});
