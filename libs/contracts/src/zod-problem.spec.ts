import { z } from 'zod';
import { jsonIdSchema } from './json-ids';
import { boundedList, formatPath, integerFrom, parseOrProblem, say, zodProblem } from './zod-problem';

const problemOf = (schema: z.ZodTypeAny, value: unknown, quote = false) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`${JSON.stringify(value)} was accepted`);
  return zodProblem(result.error, { quote });
};

describe('zodProblem', () => {
  const payload = z.object(
    {
      documents: boundedList(z.object({ index: z.number(say('must be a non-negative integer')).int().min(0) }), 3),
      windowing: z.object({ maxChunks: integerFrom(1, 64) }).optional(),
    },
    say('payload must be an object'),
  );

  it('names the field by its path and the limit it breaks', () => {
    expect(problemOf(payload, { documents: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: -1 }] })).toBe(
      'documents has 4 entries, more than the limit of 3',
    );
    expect(problemOf(payload, { documents: [{ index: 0 }, { index: 0.5 }] })).toBe('documents[1].index must be a non-negative integer');
    expect(problemOf(payload, { documents: [{ index: 0 }], windowing: { maxChunks: 65 } })).toBe(
      'windowing.maxChunks must be an integer from 1 to 64',
    );
    expect(problemOf(payload, { documents: [{ index: 0 }], windowing: { maxChunks: '8' } })).toBe(
      'windowing.maxChunks must be an integer from 1 to 64',
    );
    expect(problemOf(payload, { documents: [] })).toBe('documents must be a non-empty array');
  });

  it('says a whole-value problem as the schema wrote it, and quotes paths for NDJSON lines', () => {
    expect(problemOf(payload, [])).toBe('payload must be an object');
    expect(problemOf(payload, { documents: [{}] }, true)).toBe('"documents[0].index" must be a non-negative integer');
  });

  it('reports the first problem only, in the order of the fields', () => {
    expect(problemOf(payload, { documents: 'x', windowing: 'y' })).toBe('documents must be a non-empty array');
  });
});

describe('formatPath', () => {
  it('writes array positions in brackets and fields after dots', () => {
    expect(formatPath(['queries', 2, 'candidates', 0])).toBe('queries[2].candidates[0]');
    expect(formatPath([3, 'id'])).toBe('[3].id');
  });
});

describe('jsonIdSchema', () => {
  const line = z.object({ id: jsonIdSchema });

  it('reads strings as they are and safe integers as their digits', () => {
    expect(parseOrProblem(line, { id: 'd1' })).toEqual({ value: { id: 'd1' } });
    expect(parseOrProblem(line, { id: -7 })).toEqual({ value: { id: '-7' } });
  });

  it('refuses an id JSON has rounded, saying why, and names the field', () => {
    const big = JSON.parse('123456789012345678901234567890') as number;
    expect(parseOrProblem(line, { id: big }, { quote: true })).toEqual({
      problem:
        '"id" is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read (it reads as 1.2345678901234568e+29), so two ids could become one; send it as a string',
    });
  });

  it.each([
    [{}, '"id" is required'],
    [{ id: null }, '"id" is required'],
    [{ id: true }, '"id" must be a string or an integer'],
    [{ id: '' }, '"id" must not be empty'],
    [{ id: 2.5 }, '"id" must be a string or an integer, not a fraction (2.5)'],
  ])('refuses %j naming the field', (value, problem) => {
    expect(parseOrProblem(line, value, { quote: true })).toEqual({ problem });
  });
});
