import { parseBenchArgs, UsageError } from './bench.args';

describe('parseBenchArgs', () => {
  it('returns minilm-l6, fp32, one worker, seed 1 and every phase when no flag is given', () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      arch: 'minilm-l6',
      int8: false,
      workers: 1,
      seed: 1,
      phases: ['raw_ort', 'transformers_js', 'fleet', 'single'],
      workerEnv: {},
    });
  });

  it('returns the switches, the output file and the worker variables when they are given', () => {
    const args = parseBenchArgs([
      '--quick',
      '--int8',
      '--arch=tiny',
      '--out',
      '/tmp/b.json',
      '--workers',
      '2',
      '--intra-op-threads',
      '1',
      '--batch-tokens=2048',
      '--worker-concurrency',
      '8',
    ]);
    expect(args).toMatchObject({ quick: true, int8: true, arch: 'tiny', out: '/tmp/b.json', workers: 2 });
    expect(args).toHaveProperty('workerEnv', {
      ORT_INTRA_OP_THREADS: '1',
      RERANK_BATCH_TOKENS: '2048',
      WORKER_CONCURRENCY: '8',
    });
  });

  it('returns the phases in run order when --phases lists some of them', () => {
    expect(parseBenchArgs(['--phases', 'fleet,raw_ort'])).toHaveProperty('phases', ['raw_ort', 'fleet']);
  });

  it('returns help when --help is present', () => {
    expect(parseBenchArgs(['--workers', 'many', '-h'])).toBe('help');
  });

  it.each([
    [['--arch', 'bert-large'], '--arch must be one of tiny, minilm-l6, got "bert-large"'],
    [['--workers', '0'], '--workers must be an integer from 1 to 16, got "0"'],
    [['--workers', '2.5'], '--workers must be an integer from 1 to 16'],
    [['--intra-op-threads', '-1'], '--intra-op-threads must be an integer from 0 to 256'],
    [['--phases', 'fleet,gpu'], '--phases takes a comma-separated list of raw_ort, transformers_js, fleet'],
    [['--quick=yes'], '--quick takes no value'],
    [['--out'], '--out needs a value'],
    [['--out', '--quick'], '--out needs a value'],
    [['--int8', '--int8'], '--int8 given more than once'],
    [['--concurrency', '4'], 'unknown flag --concurrency'],
    [['quick'], 'unexpected argument "quick"'],
  ])('throws a UsageError naming the problem when given %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
