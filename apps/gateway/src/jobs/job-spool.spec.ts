import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { openNdjsonUpload } from '../common/ndjson-upload';
import { JobLine, JobQuery } from './job-line';
import { JobUploadSpooler, SpoolOptions, readSpool } from './job-spool';
import { UploadInterruptedError, UploadLineError } from './upload-lines';

const options: SpoolOptions = {
  limits: { maxQueryChars: 100, maxDocumentChars: 100, maxCandidates: 10, maxTop: 10 },
  maxLineChars: 400,
  maxPairs: 12,
  batchPairs: 4,
};

/** Resolves inline lines as given; a collection line gets `top` made-up candidates, or a problem. */
const resolver = {
  async resolve(line: JobLine): Promise<JobQuery | string> {
    if (line.source === 'inline') return { queryId: line.queryId, query: line.query, candidates: line.candidates };
    if (line.source === 'ids') return `"candidates[0]": document "${line.ids[0]}" is not in collection "${line.collection}"`;
    return {
      queryId: line.queryId,
      query: line.query,
      candidates: Array.from({ length: line.top }, (_, i) => ({ id: `d${i}`, text: `t${i}` })),
    };
  },
};

const query = (id: string, candidates: number) =>
  JSON.stringify({
    query_id: id,
    query: `query ${id}`,
    candidates: Array.from({ length: candidates }, (_, i) => ({ id: `${id}-${i}`, text: `text ${i}` })),
  });

describe('JobUploadSpooler', () => {
  let dir: string;
  let path: string;
  const spooler = new JobUploadSpooler(resolver, options);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'job-spool-spec-'));
    path = join(dir, 'job.ndjson');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const spool = (text: string) => spooler.spool(Readable.from([text]), path);
  const rejection = async (text: string) => {
    const error = await spool(text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UploadLineError);
    return (error as UploadLineError).message;
  };

  it('counts queries, pairs and batches and spools the resolved queries in upload order', async () => {
    const upload = [
      '\uFEFF' + query('a', 3),
      '',
      query('b', 2),
      JSON.stringify({ query_id: 'c', query: 'q c', collection: 'docs', top: 6 }),
    ].join('\n');
    expect(await spool(`${upload}\n`)).toEqual({ queries: 3, pairs: 11, batches: 4 });
    const spooled: JobQuery[] = [];
    for await (const q of readSpool(path)) spooled.push(q);
    expect(spooled.map((q) => [q.queryId, q.query, q.candidates.length])).toEqual([
      ['a', 'query a', 3],
      ['b', 'query b', 2],
      ['c', 'q c', 6],
    ]);
    expect(spooled[0].candidates[2]).toEqual({ id: 'a-2', text: 'text 2' });
  });

  it.each([
    [`${query('a', 1)}\n${query('b', 1)}\n{"query_id": "c",`, 'line 3: is not valid JSON'],
    [`${query('a', 1)}\n\n{"query_id": "c", "candidates": []}`, 'line 3: "query" is required'],
    [`${query('a', 1)}\n${query('a', 2)}`, 'line 2: "query_id" "a" was already used on line 1; query ids must be unique within a job'],
    [
      JSON.stringify({ query_id: 'x', query: 'q', collection: 'docs', candidates: ['nope'] }),
      'line 1: "candidates[0]": document "nope" is not in collection "docs"',
    ],
    [`${query('a', 10)}\n${query('b', 3)}`, 'line 2: with this line the job holds 13 pairs; the limit is 12 (RERANK_JOB_MAX_PAIRS)'],
    [`${query('a', 1)}\n${'x'.repeat(401)}\n`, 'line 2: is longer than 400 characters'],
  ])('rejects an upload at its first bad line, naming it (%#)', async (text, message) => {
    expect(await rejection(text)).toBe(message);
  });

  it('names an over-long line that never ends, however the stream is cut', async () => {
    const chunks = [`${query('a', 1)}\n`, 'y'.repeat(300), 'y'.repeat(300)];
    const error = await spooler.spool(Readable.from(chunks), path).catch((e: unknown) => e);
    expect((error as Error).message).toBe('line 2: is longer than 400 characters');
  });

  it('returns an empty summary for an upload of blank lines', async () => {
    expect(await spool('\n \n')).toEqual({ queries: 0, pairs: 0, batches: 0 });
  });

  it('keeps reading (and discarding) the rest of an HTTP upload after a bad line, so the client still gets the answer', async () => {
    const request = Object.assign(new PassThrough(), { headers: { 'content-type': 'application/x-ndjson' } });
    const upload = openNdjsonUpload(request, (line, problem) => new UploadLineError(line, problem));
    const result = spooler.spool(upload, path).catch((e: unknown) => e);
    request.write('not json\n');
    expect(((await result) as Error).message).toBe('line 1: is not valid JSON');
    request.write(`${query('b', 1)}\n`.repeat(1000));
    request.end();
    await new Promise((resolve) => request.once('end', resolve));
    expect([request.readableEnded, request.errored]).toEqual([true, null]);
  });

  it('names the line of the first byte that is not UTF-8, through openNdjsonUpload', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${query('a', 1)}\n${query('b', 1)}\n{"query_id": "c", "query": "caf`),
      Buffer.from([0xe9]),
      Buffer.from('"}\n'),
    ]);
    const request = Object.assign(Readable.from([bytes.subarray(0, 50), bytes.subarray(50)]), { headers: {} });
    const error = await spooler
      .spool(
        openNdjsonUpload(request, (line, problem) => new UploadLineError(line, problem)),
        path,
      )
      .catch((e: unknown) => e);
    expect(error).toEqual(new UploadLineError(3, 'is not valid UTF-8'));
  });

  it('ignores unknown fields, however deep, and stores nothing of them; deep values in known fields are a type error', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const big = new JobUploadSpooler(resolver, { ...options, maxLineChars: 1_000_000 });
    const line = `{"query_id": "a", "query": "q", "candidates": [{"id": "d", "text": "t", "extra": ${deep}}], "extra": ${deep}}`;
    expect(await big.spool(Readable.from([line]), path)).toEqual({ queries: 1, pairs: 1, batches: 1 });
    expect(readFileSync(path, 'utf8')).toBe('["a","q",[["d","t"]]]\n');
    rmSync(path);
    for (const [field, message] of [
      ['query', '"query" must be a string'],
      ['query_id', '"query_id" must be a string or an integer'],
      ['candidates', '"candidates[0]" must be an object { "id", "text" }'],
    ]) {
      const error = await big
        .spool(Readable.from([`{"query_id": "a", "query": "q", "candidates": [{"id": "d", "text": "t"}], "${field}": ${deep}}`]), path)
        .catch((e: unknown) => e);
      expect(error).toEqual(new UploadLineError(1, message));
      rmSync(path, { force: true });
    }
  });

  it('fails as interrupted when the input errors, and leaves a file the caller can remove', async () => {
    const input = new PassThrough();
    const result = spooler.spool(input, path).catch((e: unknown) => e);
    input.write(`${query('a', 1)}\n`);
    input.destroy(new Error('socket hang up'));
    expect(await result).toBeInstanceOf(UploadInterruptedError);
    rmSync(path, { force: true });
    expect(existsSync(path)).toBe(false);
  });

  it('writes the spool file exclusively, never over another job', async () => {
    await spool(query('a', 1));
    expect(readFileSync(path, 'utf8')).toContain('"a"');
    await expect(spool(query('b', 1))).rejects.toThrow(/EEXIST/);
  });
});
