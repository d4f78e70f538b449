import { Readable } from 'node:stream';
import { JsonLineError, JsonLinesReader } from './json-lines';

async function readAll(reader: JsonLinesReader): Promise<unknown[]> {
  const lines: unknown[] = [];
  for await (const line of reader.lines()) lines.push(line);
  return lines;
}

describe('JsonLinesReader', () => {
  it('yields the value of every non-blank line with its editor line number, dropping a leading BOM', async () => {
    const reader = new JsonLinesReader(Readable.from(['\uFEFF{"a":1}\n\n  \n[2', ']\n"x"\n\n']), 100);
    expect(await readAll(reader)).toEqual([
      { number: 1, value: { a: 1 } },
      { number: 4, value: [2] },
      { number: 5, value: 'x' },
    ]);
    expect(reader.linesRead).toBe(6);
  });

  it('names the line that is not JSON', async () => {
    const failure = readAll(new JsonLinesReader(Readable.from(['{}\n{"a":\n']), 100));
    await expect(failure).rejects.toEqual(new JsonLineError(2, 'is not valid JSON'));
  });

  it('names an over-long line, even when the splitter gives up before handing it over', async () => {
    const failure = readAll(new JsonLinesReader(Readable.from(['{}\n', 'x'.repeat(50)]), 10));
    await expect(failure).rejects.toEqual(new JsonLineError(2, 'is longer than 10 characters'));
  });

  it('rethrows an error of the input as it is', async () => {
    const input = new Readable({ read() {} });
    const failure = readAll(new JsonLinesReader(input, 100));
    input.destroy(new Error('socket hang up'));
    await expect(failure).rejects.toThrow('socket hang up');
  });
});
