import { queryWords } from './query-words';

describe('queryWords', () => {
  it('drops English stop words unless nothing else is left', () => {
    expect(queryWords('What is the population of Berlin')).toEqual(['What', 'population', 'Berlin']);
    expect(queryWords('to be or not to be')).toEqual(['to', 'be', 'or', 'not', 'to', 'be']);
  });

  it.each([
    ['double quotes', 'say "hello world', ['say', 'hello', 'world']],
    ['a leading minus and hyphens', '-excluded well-known', ['excluded', 'well', 'known']],
    ['a prefix star', 'run* *', ['run']],
    ['a column filter', 'title:berlin body : x', ['title', 'berlin', 'body', 'x']],
    ['parentheses, braces and an operator (a stop word)', '(apple OR pear) {title}', ['apple', 'pear', 'title']],
    ['a caret, a plus and a tilde', '^start +plus fuzzy~2', ['start', 'plus', 'fuzzy', '2']],
  ])('reads %s as plain words', (_case, query, words) => {
    expect(queryWords(query)).toEqual(words);
  });

  it('keeps non-ASCII words whole', () => {
    expect(queryWords('café Straße 東京')).toEqual(['café', 'Straße', '東京']);
  });

  it('returns no words for a query of punctuation', () => {
    expect(queryWords('"*" - : ()')).toEqual([]);
  });
});
