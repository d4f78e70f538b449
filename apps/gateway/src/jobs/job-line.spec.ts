import { JobLineLimits, parseJobLine } from './job-line';

const limits: JobLineLimits = { maxQueryChars: 20, maxDocumentChars: 10, maxCandidates: 3, maxTop: 50 };
const line = (fields: Record<string, unknown>) => parseJobLine({ query_id: 'q1', query: 'berlin', ...fields }, limits);

describe('parseJobLine', () => {
  it('reads inline candidates, taking integer ids as their digits and ignoring unknown fields', () => {
    expect(
      line({
        candidates: [
          { id: 'a', text: 'x' },
          { id: 7, text: '' },
        ],
        extra: true,
      }),
    ).toEqual({
      source: 'inline',
      queryId: 'q1',
      query: 'berlin',
      candidates: [
        { id: 'a', text: 'x' },
        { id: '7', text: '' },
      ],
    });
    expect(parseJobLine({ query_id: 12, query: 'q', candidates: [{ id: 'a', text: 'x' }] }, limits)).toMatchObject({ queryId: '12' });
  });

  it('refuses an integer id past 2^53 - 1, which JSON has already rounded, saying so', () => {
    const big = JSON.parse('123456789012345678901234567890') as number;
    const why =
      'is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read (it reads as 1.2345678901234568e+29), so two ids could become one; send it as a string';
    expect(parseJobLine({ query_id: big, query: 'q', candidates: [{ id: 'a', text: 'x' }] }, limits)).toBe(`"query_id" ${why}`);
    expect(
      line({
        candidates: [
          { id: 'a', text: 'x' },
          { id: big, text: 'y' },
        ],
      }),
    ).toBe(`"candidates[1].id" ${why}`);
    expect(line({ collection: 'docs', candidates: ['a', big] })).toBe(`"candidates[1]" ${why}`);
  });

  it('reads document ids of a collection, and a collection top N', () => {
    expect(line({ collection: 'docs', candidates: ['d1', 2] })).toEqual({
      source: 'ids',
      queryId: 'q1',
      query: 'berlin',
      collection: 'docs',
      ids: ['d1', '2'],
    });
    expect(line({ collection: 'docs', top: 50 })).toEqual({ source: 'top', queryId: 'q1', query: 'berlin', collection: 'docs', top: 50 });
  });

  it.each([
    [[1, 2], 'must be a JSON object with "query_id", "query" and "candidates"'],
    [{ query: 'q', candidates: [] }, '"query_id" is required'],
    [{ query_id: 1.5, query: 'q' }, '"query_id" must be a string or an integer, not a fraction (1.5)'],
    [{ query_id: '', query: 'q' }, '"query_id" must not be empty'],
    [{ query_id: 'a b', query: 'q' }, '"query_id" must not contain whitespace (ids are written into TREC run files)'],
    [{ query_id: true, query: 'q' }, '"query_id" must be a string or an integer'],
    [{ query_id: null, query: 'q' }, '"query_id" is required'],
    [{ query_id: 'q', query: null }, '"query" is required'],
    [{ query_id: 'q', candidates: [] }, '"query" is required'],
    [{ query_id: 'q', query: 3 }, '"query" must be a string'],
    [{ query_id: 'q', query: '  ' }, '"query" must not be empty'],
    [{ query_id: 'q', query: 'x'.repeat(21) }, '"query" has 21 characters; the limit is 20 (RERANK_MAX_QUERY_CHARS)'],
  ])('rejects %j naming the field', (value, message) => {
    expect(parseJobLine(value, limits)).toBe(message);
  });

  it.each([
    [{}, '"candidates" is required'],
    [{ candidates: null }, '"candidates" is required'],
    [{ collection: null, candidates: [] }, '"collection" must be 1 to 64 letters, digits, "_" or "-"'],
    [{ candidates: {} }, '"candidates" must be an array of { "id", "text" } objects'],
    [{ candidates: [] }, '"candidates" must hold at least one candidate'],
    [{ candidates: [1, 2, 3, 4] }, '"candidates" has 4 entries; the limit is 3 (RERANK_MAX_DOCUMENTS)'],
    [{ candidates: ['a'] }, '"candidates[0]" must be an object { "id", "text" }'],
    [{ candidates: [{ id: 'a', text: 'x' }, { text: 'y' }] }, '"candidates[1].id" is required'],
    [{ candidates: [{ id: 'a' }] }, '"candidates[0].text" must be a string'],
    [
      { candidates: [{ id: 'a', text: 'x'.repeat(11) }] },
      '"candidates[0].text" has 11 characters; the limit is 10 (RERANK_MAX_DOCUMENT_CHARS)',
    ],
    [
      {
        candidates: [
          { id: 'a', text: 'x' },
          { id: 'b', text: 'y' },
          { id: 'a', text: 'z' },
        ],
      },
      '"candidates[2]" repeats id "a" of candidates[0]; ids must be unique within a query',
    ],
    [{ top: 5 }, '"top" needs a "collection" to take the first-stage candidates from'],
  ])('rejects inline candidates %j naming the field and the limit', (fields, message) => {
    expect(line(fields)).toBe(message);
  });

  it.each([
    [{ collection: 'a b', top: 1 }, '"collection" must be 1 to 64 letters, digits, "_" or "-"'],
    [
      { collection: 'docs' },
      'a line with "collection" needs either "candidates" (document ids) or "top" (how many first-stage candidates), not both',
    ],
    [
      { collection: 'docs', top: 1, candidates: ['a'] },
      'a line with "collection" needs either "candidates" (document ids) or "top" (how many first-stage candidates), not both',
    ],
    [{ collection: 'docs', top: 0 }, '"top" must be a positive integer'],
    [{ collection: 'docs', top: 2.5 }, '"top" must be a positive integer'],
    [{ collection: 'docs', top: null }, '"top" must be a positive integer'],
    [{ collection: 'docs', candidates: null }, '"candidates" must be an array of document ids'],
    [{ collection: 'docs', candidates: ['a', 'b', 'c', 'd'] }, '"candidates" has 4 entries; the limit is 3 (RERANK_MAX_DOCUMENTS)'],
    [{ collection: 'docs', candidates: ['a', 'x'.repeat(513)] }, '"candidates[1]" has 513 characters; the limit is 512'],
    [{ collection: 'docs', top: 51 }, '"top" is 51; the limit is 50 (SEARCH_MAX_CANDIDATES)'],
    [{ collection: 'docs', candidates: 'a' }, '"candidates" must be an array of document ids'],
    [{ collection: 'docs', candidates: ['a', { id: 'b' }] }, '"candidates[1]" must be a string or an integer'],
    [{ collection: 'docs', candidates: ['a', 'a'] }, '"candidates[1]" repeats id "a" of candidates[0]; ids must be unique within a query'],
  ])('rejects collection candidates %j naming the field', (fields, message) => {
    expect(line(fields)).toBe(message);
  });
});
