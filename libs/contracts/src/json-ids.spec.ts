import { numericIdProblem } from './json-ids';

describe('numericIdProblem', () => {
  it('takes integers JavaScript holds exactly, up to ±(2^53 - 1)', () => {
    for (const id of [0, 7, -7, 9007199254740991, -9007199254740991]) expect(numericIdProblem(id, '"id"')).toBeUndefined();
  });

  it('refuses every integer literal past 2^53 - 1, saying why, so two such ids never become one', () => {
    const [a, b] = JSON.parse('[123456789012345678901234567890, 123456789012345678901234567891]') as number[];
    expect(a).toBe(b); // what JSON.parse makes of them: the reason for the rule
    expect(numericIdProblem(a, '"id"')).toBe(
      '"id" is an integer past 2^53 - 1 (9007199254740991), which loses digits when JSON is read (it reads as 1.2345678901234568e+29), so two ids could become one; send it as a string',
    );
    for (const literal of ['9007199254740992', '9007199254740993', '-9007199254740993', '1e300']) {
      expect(numericIdProblem(JSON.parse(literal) as number, 'x')).toMatch(/^x is an integer past 2\^53 - 1/);
    }
  });

  it('refuses a number too large to read', () => {
    expect(numericIdProblem(JSON.parse('-1e400') as number, 'x')).toBe(
      'x is too large a number to read (it reads as -Infinity); send it as a string',
    );
  });

  it('refuses a fraction', () => {
    expect(numericIdProblem(1.5, 'documents[2].id')).toBe('documents[2].id must be a string or an integer, not a fraction (1.5)');
  });
});
