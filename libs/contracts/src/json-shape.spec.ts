import { jsonShapeProblem } from './json-shape';

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
});
