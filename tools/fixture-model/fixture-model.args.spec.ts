import { parseFixtureModelArgs, UsageError } from './fixture-model.args';

describe('parseFixtureModelArgs', () => {
  it('returns arch, outDir and seed when all flags are given', () => {
    expect(parseFixtureModelArgs(['--arch', 'tiny', '--out', 'models/tiny', '--seed', '7'])).toEqual({
      arch: 'tiny',
      outDir: 'models/tiny',
      seed: 7,
    });
  });

  it('returns no seed when --seed is omitted and accepts --flag=value', () => {
    expect(parseFixtureModelArgs(['--arch=minilm-l6', '--out=/tmp/m'])).toEqual({
      arch: 'minilm-l6',
      outDir: '/tmp/m',
    });
  });

  it('returns int8 when the --int8 switch is present', () => {
    expect(parseFixtureModelArgs(['--int8', '--arch', 'tiny', '--out', 'x'])).toEqual({
      arch: 'tiny',
      outDir: 'x',
      int8: true,
    });
  });

  it('returns help when --help is present', () => {
    expect(parseFixtureModelArgs(['--arch', 'nope', '--help'])).toBe('help');
  });

  it.each([
    [['--arch', 'tiny', '--out', 'x', '--size', '3'], 'unknown flag --size'],
    [['--out', 'x'], '--arch is required'],
    [['--arch', 'tiny'], '--out is required'],
    [
      ['--arch', 'bert-large', '--out', 'x'],
      '--arch must be one of tiny, minilm-l6, tiny-bi-encoder, minilm-l6-bi-encoder, got "bert-large"',
    ],
    [['--arch', 'tiny', '--out', 'x', '--seed', '-1'], '--seed must be an integer'],
    [['--arch', 'tiny', '--out', 'x', '--seed', '1.5'], '--seed must be an integer'],
    [['--arch', '--out', 'x'], '--arch needs a value'],
    [['--arch', 'tiny', '--out'], '--out needs a value'],
    [['--arch', 'tiny', '--arch', 'tiny', '--out', 'x'], '--arch given more than once'],
    [['tiny'], 'unexpected argument "tiny"'],
    [['--arch', 'tiny', '--out', 'x', '--int8=yes'], '--int8 takes no value'],
    [['--arch', 'tiny', '--int8', '--out', 'x', '--int8'], '--int8 given more than once'],
  ])('throws a UsageError naming the problem when given %j', (argv, message) => {
    expect(() => parseFixtureModelArgs(argv)).toThrow(UsageError);
    expect(() => parseFixtureModelArgs(argv)).toThrow(message);
  });
});
