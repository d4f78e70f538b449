import { TestFleet } from '../support/test-fleet';

/**
 * Issue 11 §2: ids 123456789012345678901234567890 and ...891 became one document
 * (1.2345678901234568e+29), the second overwriting the first. Such ids are now refused
 * everywhere an id enters, with the reason, and nothing is written. JSON text is written by hand:
 * JSON.stringify could not even express these numbers.
 */
const A = '123456789012345678901234567890';
const B = '123456789012345678901234567891';
const WHY =
  'is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read (it reads as 1.2345678901234568e+29), so two ids could become one; send it as a string';

describe('numeric ids past 2^53 - 1 (no worker needed: nothing reaches scoring)', () => {
  let fleet: TestFleet;

  const send = async (path: string, body: string, contentType: string) => {
    const response = await fetch(`${fleet.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, message: ((await response.json()) as { message?: unknown }).message };
  };

  beforeAll(async () => {
    fleet = await TestFleet.start({ workers: 0 });
  });

  afterAll(async () => fleet?.stop());

  it('a JSON collection upload is refused whole, naming the document, and the collection is never made', async () => {
    const answer = await send('/v1/collections/big/documents', `[{"id":${A},"text":"a"},{"id":${B},"text":"b"}]`, 'application/json');
    expect(answer).toEqual({ status: 400, message: `documents[0]: "id" ${WHY}; nothing was written` });
    expect((await fleet.get('/v1/collections/big')).status).toBe(404);
  });

  it('an NDJSON collection upload is refused at the line, and its batch is not written', async () => {
    const answer = await send('/v1/collections/big/documents', `{"id":"ok","text":"a"}\n{"_id":${B},"text":"b"}\n`, 'application/x-ndjson');
    expect(answer.status).toBe(400);
    expect(answer.message).toEqual(expect.stringContaining(`line 2: "id" ${WHY}`));
    expect((await fleet.get('/v1/collections/big')).status).toBe(404);
  });

  it('the same ids as strings are two documents', async () => {
    const answer = await send(
      '/v1/collections/big-strings/documents',
      `[{"id":"${A}","text":"a"},{"id":"${B}","text":"b"}]`,
      'application/json',
    );
    expect(answer.status).toBe(200);
    expect((await fleet.get('/v1/collections/big-strings')).body.documents).toBe(2);
  });

  it('a job line is refused with the reason, not "must be a string or an integer"', async () => {
    const line = `{"query_id":"q1","query":"q","candidates":[{"id":${A},"text":"a"}]}\n`;
    expect(await send('/v1/jobs', line, 'application/x-ndjson')).toEqual({
      status: 400,
      message: `line 1: "candidates[0].id" ${WHY}; nothing was enqueued`,
    });
  });

  it.each(['/v1/rerank', '/v2/rerank'])('a document id on %s is refused with the reason', async (path) => {
    const answer = await send(path, `{"query":"q","documents":[{"text":"a","id":${A}},{"text":"b","id":${B}}]}`, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.message).toBe(`documents[0].id ${WHY}`);
  });
});
