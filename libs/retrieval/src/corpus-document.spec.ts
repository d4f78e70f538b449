import { parseCorpusDocument, passageText } from './corpus-document';

describe('parseCorpusDocument', () => {
  it('reads id, text, title and metadata, ignoring other fields', () => {
    expect(parseCorpusDocument({ id: 'a', text: 't', title: 'T', metadata: { k: 1 }, extra: true })).toEqual({
      id: 'a',
      text: 't',
      title: 'T',
      metadata: { k: 1 },
    });
  });

  it("reads BEIR's _id and number ids as strings, and drops an empty title", () => {
    expect(parseCorpusDocument({ _id: 42, title: '', text: 't' })).toEqual({ id: '42', text: 't' });
  });

  it.each([
    [null, 'must be an object with "id" and "text"'],
    [[1], 'must be an object with "id" and "text"'],
    [{ text: 't' }, '"id" is required'],
    [{ id: true, text: 't' }, '"id" must be a string or an integer'],
    [{ id: 1.5, text: 't' }, '"id" must be a string or an integer, not a fraction (1.5)'],
    [{ id: '', text: 't' }, '"id" must not be empty'],
    [{ id: 'x'.repeat(513), text: 't' }, '"id" must be at most 512 characters'],
    [{ id: 'a' }, '"text" must be a string'],
    [{ id: 'a', text: 't', title: 3 }, '"title" must be a string'],
    [{ id: 'a', text: 't', metadata: [1] }, '"metadata" must be a JSON object'],
  ])('names the problem with %j', (value, problem) => {
    expect(parseCorpusDocument(value)).toBe(problem);
  });

  it('refuses an integer id past 2^53 - 1 instead of storing it rounded, where it would overwrite another', () => {
    const documents = JSON.parse(
      '[{"id":123456789012345678901234567890,"text":"a"},{"id":123456789012345678901234567891,"text":"b"}]',
    ) as unknown[];
    for (const document of documents) {
      expect(parseCorpusDocument(document)).toBe(
        '"id" is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read (it reads as 1.2345678901234568e+29), so two ids could become one; send it as a string',
      );
    }
    expect(parseCorpusDocument({ id: 9007199254740991, text: 'a' })).toEqual({ id: '9007199254740991', text: 'a' });
  });

  it('keeps metadata nested 32 levels deep and refuses 33 or 100k levels (which JSON.stringify could not store)', () => {
    // Objects and arrays alternating, `levels` of them in all, the outermost an object: {"a":[{"a":[…{}…]}]}.
    const nested = (levels: number) => {
      let value: unknown = {};
      for (let i = 1; i < levels; i++) value = i % 2 ? { a: value } : [value];
      return value as Record<string, unknown>;
    };
    const deepest = nested(32);
    expect(JSON.stringify(deepest).match(/[[{]/g)).toHaveLength(32);
    expect(parseCorpusDocument({ id: 'a', text: 't', metadata: deepest })).toEqual({ id: 'a', text: 't', metadata: deepest });
    expect(parseCorpusDocument({ id: 'a', text: 't', metadata: { over: deepest } })).toBe('"metadata" nests deeper than 32 levels');
    expect(parseCorpusDocument({ id: 'a', text: 't', metadata: JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) })).toBe(
      '"metadata" nests deeper than 32 levels',
    );
  });
});

describe('passageText', () => {
  it('joins title and text with a space for the cross-encoder', () => {
    expect(passageText({ title: 'Berlin', text: 'A city.' })).toBe('Berlin A city.');
    expect(passageText({ text: 'A city.' })).toBe('A city.');
  });
});
