import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBeirQueries } from './beir-dataset';

describe('readBeirQueries', () => {
  let dir: string;
  const queriesFile = (text: string) => {
    const path = join(dir, 'queries.jsonl');
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'beir-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each query by its id, a number read as its digits, skipping blank lines', async () => {
    const path = queriesFile('{"_id":"q1","text":"berlin"}\n\n{"_id":7,"text":"paris","metadata":{}}\n');
    expect(await readBeirQueries(path)).toEqual(
      new Map([
        ['q1', 'berlin'],
        ['7', 'paris'],
      ]),
    );
  });

  it.each([
    ['{"_id":"q1"}', '"text" must be a string'],
    ['{"_id":true,"text":"t"}', '"_id" must be a string or a number'],
    ['["q1","t"]', 'must be an object'],
  ])('refuses %s naming the line and the field', async (line, problem) => {
    const path = queriesFile(`{"_id":"q0","text":"ok"}\n${line}\n`);
    await expect(readBeirQueries(path)).rejects.toThrow(`${path}:2: a query needs "_id" and "text": ${problem}`);
  });
});
