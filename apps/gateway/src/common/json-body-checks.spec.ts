import { MAX_JSON_DEPTH, MAX_JSON_OBJECT_FIELDS } from '@rerank/contracts';
import { JsonBodyError, checkJsonBody } from './json-body-checks';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const check = (body: Buffer, encoding = 'utf-8') => checkJsonBody({} as never, undefined, body, encoding);

describe('checkJsonBody', () => {
  it(`passes an object of ${MAX_JSON_OBJECT_FIELDS} fields`, () => {
    expect(() =>
      check(bytes(JSON.stringify(Object.fromEntries(Array.from({ length: MAX_JSON_OBJECT_FIELDS }, (_, i) => [`k${i}`, [1, 2]]))))),
    ).not.toThrow();
  });

  it(`passes UTF-8 JSON nested ${MAX_JSON_DEPTH} levels, multi-byte characters included`, () => {
    expect(() => check(bytes(`${'['.repeat(MAX_JSON_DEPTH)}"Grüße, 東京 🎉"${']'.repeat(MAX_JSON_DEPTH)}`))).not.toThrow();
  });

  it.each([
    [
      '100k levels of nesting',
      bytes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      'utf-8',
      'entity.too.deep',
      'request body nests arrays and objects deeper than 64 levels',
    ],
    [
      'bytes that are not UTF-8',
      Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      'utf-8',
      'entity.not.utf8',
      'request body is not valid UTF-8',
    ],
    ['an encoded surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), 'utf-8', 'entity.not.utf8', 'request body is not valid UTF-8'],
    [
      'an object with 200,000 fields',
      bytes(JSON.stringify({ query: 'q', x: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 1])) })),
      'utf-8',
      'entity.too.wide',
      `request body has an object with more than ${MAX_JSON_OBJECT_FIELDS} fields; the limit is ${MAX_JSON_OBJECT_FIELDS} fields per object`,
    ],
    ['another charset', bytes('{}'), 'utf-16', 'entity.not.utf8', 'request body must be UTF-8 JSON'],
  ])('refuses %s with a 400 naming the problem', (_, body, encoding, type, message) => {
    let thrown: unknown;
    try {
      check(body, encoding);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JsonBodyError);
    expect(thrown).toMatchObject({ status: 400, type, message });
  });
});
