import Database from 'better-sqlite3';
import { queryWords, toFts5Match } from './fts5-query';

describe('toFts5Match', () => {
  it('quotes every word and ORs them', () => {
    expect(toFts5Match('berlin population')).toBe('"berlin" OR "population"');
  });

  it('drops English stop words unless nothing else is left', () => {
    expect(queryWords('What is the population of Berlin')).toEqual(['What', 'population', 'Berlin']);
    expect(queryWords('to be or not to be')).toEqual(['to', 'be', 'or', 'not', 'to', 'be']);
  });

  it.each([
    ['double quotes', 'say "hello world', '"say" OR "hello" OR "world"'],
    ['a leading minus and hyphens', '-excluded well-known', '"excluded" OR "well" OR "known"'],
    ['a prefix star', 'run* *', '"run"'],
    ['a column filter', 'title:berlin body : x', '"title" OR "berlin" OR "body" OR "x"'],
    ['parentheses and braces', '(apple OR pear) {title}', '"apple" OR "pear" OR "title"'],
    ['NEAR groups', 'NEAR(apple banana, 2)', '"NEAR" OR "apple" OR "banana" OR "2"'],
    ['operators as words', 'AND OR NOT', '"AND" OR "OR" OR "NOT"'],
    ['operators between words, as stop words', 'apple AND pear', '"apple" OR "pear"'],
    ['a caret and a plus', '^start +plus', '"start" OR "plus"'],
  ])('reads %s as plain words', (_case, query, match) => {
    expect(toFts5Match(query)).toBe(match);
  });

  it('keeps non-ASCII words whole', () => {
    expect(toFts5Match('café Straße 東京')).toBe('"café" OR "Straße" OR "東京"');
  });

  it('returns undefined for a query without words', () => {
    expect(toFts5Match('"*" - : ()')).toBeUndefined();
  });

  describe('against a real FTS5 table', () => {
    const db = new Database(':memory:');
    beforeAll(() => {
      db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61')`);
      const insert = db.prepare('INSERT INTO t (rowid, body) VALUES (?, ?)');
      insert.run(1, 'Apples and oranges, NEAR the market');
      insert.run(2, 'A well-known café in Berlin');
      insert.run(3, 'Running runners');
    });
    afterAll(() => db.close());
    // What the retriever does: no words, no query.
    const match = (query: string) => {
      const expression = toFts5Match(query);
      return expression === undefined ? [] : db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(expression);
    };

    it.each([
      'apple"', '"unbalanced', 'NOT apple', 'apple AND', 'OR', 'NEAR(apple', 'body:apple', '-apple', 'apple*', '(((', "'); DROP TABLE t; --",
    ])('runs %j without a syntax error', (query) => {
      expect(() => match(query)).not.toThrow();
    });

    it('matches operator words literally, stems, and folds diacritics', () => {
      expect(match('near')).toEqual([1]);
      expect(match('NOT apple')).toEqual([1]);
      expect(match('cafe')).toEqual([2]);
      expect(match('run')).toEqual([3]);
      expect(match('well-known')).toEqual([2]);
    });
  });
});
