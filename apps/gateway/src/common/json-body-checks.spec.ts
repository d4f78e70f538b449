import { JsonBodyError, MAX_JSON_DEPTH, checkJsonBody, jsonNestsDeeperThan } from './json-body-checks';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const check = (body: Buffer, encoding = 'utf-8') => checkJsonBody({} as never, undefined, body, encoding);

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects alike, up to and past the limit', () => {
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":[]}]}'), 4)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":[[]]}]}'), 4)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('[[],[],[],[]]'), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan(bytes('{"q":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"q":"a \\" [[[[ \\\\","r":[1]}'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"q":"\\\\","r":[[1]]}'), 2)).toBe(true);
  });
});

describe('checkJsonBody', () => {
  it(`passes UTF-8 JSON nested ${MAX_JSON_DEPTH} levels, multi-byte characters included`, () => {
    expect(() => check(bytes(`${'['.repeat(MAX_JSON_DEPTH)}"Grüße, 東京 🎉"${']'.repeat(MAX_JSON_DEPTH)}`))).not.toThrow();
  });

  it.each([
    ['100k levels of nesting', bytes(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 'utf-8', 'entity.too.deep', 'request body nests arrays and objects deeper than 64 levels'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'utf-8', 'entity.not.utf8', 'request body is not valid UTF-8'],
    ['an encoded surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), 'utf-8', 'entity.not.utf8', 'request body is not valid UTF-8'],
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
