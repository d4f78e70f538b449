import { rankedTextOf } from './rank-fields';

describe('rankedTextOf', () => {
  const document = { title: 'Berlin', author: 'A. Writer', text: 'Berlin has 3.7 million inhabitants.', year: '2024' };

  it('returns the text field when no rank_fields are given', () => {
    expect(rankedTextOf(document, 0)).toBe('Berlin has 3.7 million inhabitants.');
  });

  it("returns the named fields' values in the order named, one per line, skipping fields the document lacks", () => {
    expect(rankedTextOf(document, 0, ['title', 'missing', 'text'])).toBe('Berlin\nBerlin has 3.7 million inhabitants.');
    expect(rankedTextOf(document, 0, ['text', 'title'])).toBe('Berlin has 3.7 million inhabitants.\nBerlin');
    expect(rankedTextOf({ title: 'T', summary: 'S' }, 0, ['title', 'summary'])).toBe('T\nS');
  });

  it('refuses an object without text and without rank_fields, one with none of the fields, and a non-string field, naming the document', () => {
    expect(() => rankedTextOf({ title: 'T' }, 2)).toThrow(
      'documents[2].text must be a string (or name the fields to rank on in rank_fields)',
    );
    expect(() => rankedTextOf({ title: 'T' }, 1, ['text', 'body'])).toThrow('documents[1] has none of the rank_fields (text, body)');
    expect(() => rankedTextOf({ title: 7 }, 3, ['title'])).toThrow('documents[3].title must be a string: it is named in rank_fields');
  });
});
