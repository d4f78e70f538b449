import fc from 'fast-check';
import { JsonShapeLimits, jsonShapeProblem } from './json-shape';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonShapeProblem', () => {
  const deeperThan = (text: string, maxDepth: number) => jsonShapeProblem(bytes(text), { maxDepth, maxFields: 100 }) === 'too deep';
  const widerThan = (text: string, maxFields: number) => jsonShapeProblem(bytes(text), { maxDepth: 10, maxFields }) === 'too wide';

  it('counts arrays and objects alike, up to and past the depth limit', () => {
    expect(deeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(deeperThan('{"a":[{"b":[[]]}]}', 4)).toBe(true);
    expect(deeperThan('[[],[],[],[]]', 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(deeperThan('{"q":"[[[[{{{{"}', 1)).toBe(false);
    expect(deeperThan('{"q":"a \\" [[[[ \\\\","r":[1]}', 2)).toBe(false);
    expect(deeperThan('{"q":"\\\\","r":[[1]]}', 2)).toBe(true);
  });

  it('counts the fields of each object on its own, up to and past the field limit', () => {
    expect(widerThan('{"a":1,"b":2,"c":3}', 3)).toBe(false);
    expect(widerThan('{"a":1,"b":2,"c":3,"d":4}', 3)).toBe(true);
    expect(widerThan('{"a":{"x":1,"y":2,"z":3},"b":{"x":1,"y":2,"z":3},"c":[1,2,3,4,5,6]}', 3)).toBe(false);
    expect(widerThan('[{"a":1,"b":2},{"a":1,"b":2,"c":3,"d":4}]', 3)).toBe(true);
  });

  it('ignores commas inside strings and array items', () => {
    expect(widerThan('{"a":",,,,,,","b":[1,2,3,4,5,6,7]}', 2)).toBe(false);
    expect(widerThan('{"a":"\\",,,","b":1}', 2)).toBe(false);
  });

  it('reads a string as it reads its UTF-8 bytes', () => {
    const text = '{"a":"東京 🎉,","b":[[1]],"c":3}';
    expect(jsonShapeProblem(text, { maxDepth: 3, maxFields: 3 })).toBeUndefined();
    expect(jsonShapeProblem(text, { maxDepth: 3, maxFields: 2 })).toBe('too wide');
    expect(jsonShapeProblem(text, { maxDepth: 2, maxFields: 3 })).toBe('too deep');
    expect(jsonShapeProblem(bytes(text), { maxDepth: 3, maxFields: 2 })).toBe('too wide');
  });

  it('agrees with a character-by-character scan on random text of brackets, commas, quotes and backslashes', () => {
    const alphabet = fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', 'a', ' ', ':');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (chars, maxDepth, maxFields) => {
          const text = chars.join('');
          const limits = { maxDepth, maxFields };
          expect(jsonShapeProblem(text, limits)).toBe(scanEveryCharacter(text, limits));
          expect(jsonShapeProblem(bytes(text), limits)).toBe(scanEveryCharacter(text, limits));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** The scan as first written, one character at a time: the reference for the quote-to-quote one. */
function scanEveryCharacter(text: string, limits: JsonShapeLimits): string | undefined {
  const commas: number[] = [-1];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x2c) {
      const top = commas.length - 1;
      if (commas[top] >= 0 && ++commas[top] >= limits.maxFields) return 'too wide';
    } else if (code === 0x5b || code === 0x7b) {
      if (commas.length > limits.maxDepth) return 'too deep';
      commas.push(code === 0x7b ? 0 : -1);
    } else if ((code === 0x5d || code === 0x7d) && commas.length > 1) {
      commas.pop();
    }
  }
  return undefined;
}
