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

  it('reads BEIR\'s _id and number ids as strings, and drops an empty title', () => {
    expect(parseCorpusDocument({ _id: 42, title: '', text: 't' })).toEqual({ id: '42', text: 't' });
  });

  it.each([
    [null, 'must be an object with "id" and "text"'],
    [[1], 'must be an object with "id" and "text"'],
    [{ text: 't' }, '"id" is required'],
    [{ id: true, text: 't' }, '"id" must be a string or a number'],
    [{ id: '', text: 't' }, '"id" must not be empty'],
    [{ id: 'x'.repeat(513), text: 't' }, '"id" must be at most 512 characters'],
    [{ id: 'a' }, '"text" must be a string'],
    [{ id: 'a', text: 't', title: 3 }, '"title" must be a string'],
    [{ id: 'a', text: 't', metadata: [1] }, '"metadata" must be a JSON object'],
  ])('names the problem with %j', (value, problem) => {
    expect(parseCorpusDocument(value)).toBe(problem);
  });
});

describe('passageText', () => {
  it('joins title and text with a space for the cross-encoder', () => {
    expect(passageText({ title: 'Berlin', text: 'A city.' })).toBe('Berlin A city.');
    expect(passageText({ text: 'A city.' })).toBe('A city.');
  });
});
