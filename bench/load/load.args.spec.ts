import { UsageError } from '../../tools/cli/cli-args';
import { parseLoadArgs } from './load.args';

const env = { INIT_CWD: '/home/me' };

describe('parseLoadArgs', () => {
  it('returns a 30 s closed loop of 4 connections on the local gateway by default', () => {
    expect(parseLoadArgs([], env)).toEqual({
      target: { kind: 'external', url: 'http://127.0.0.1:3000', workerPids: [] },
      plan: { kind: 'closed', connections: 4 },
      durationS: 30,
      mix: [10, 50, 100, 200],
      seed: 1,
      timeoutS: 60,
      maxInFlight: 1000,
    });
  });

  it('reads a fixed rate against a running fleet with its pids, key and output file', () => {
    const args = parseLoadArgs(
      [
        '--gateway',
        'http://gw:8080/',
        '--rate',
        '2.5',
        '--duration',
        '60',
        '--mix',
        '10,10,200',
        '--gateway-pid',
        '41',
        '--worker-pids',
        '42,43',
        '--api-key',
        'k'.repeat(16),
        '--model',
        'fast',
        '--json',
        'out/load.json',
        '--max-in-flight',
        '50',
      ],
      env,
    );
    expect(args).toEqual({
      target: { kind: 'external', url: 'http://gw:8080', gatewayPid: 41, workerPids: [42, 43] },
      plan: { kind: 'open', rate: 2.5 },
      durationS: 60,
      mix: [10, 10, 200],
      seed: 1,
      model: 'fast',
      apiKey: 'k'.repeat(16),
      timeoutS: 60,
      maxInFlight: 50,
      json: '/home/me/out/load.json',
    });
  });

  it('measures capacity with the closed loop before driving at a multiple of it', () => {
    const args = parseLoadArgs(
      ['--start-fleet', '--arch', 'tiny', '--workers', '2', '--capacity-factor', '2', '--capacity-duration', '10', '--connections', '8'],
      env,
    );
    expect(args).toMatchObject({
      target: { kind: 'fleet', arch: 'tiny', int8: false, workers: 2 },
      plan: { kind: 'factor', factor: 2, capacity: { kind: 'measure', durationS: 10, connections: 8 } },
    });
  });

  it('skips the capacity phase when --capacity gives it', () => {
    expect(parseLoadArgs(['--capacity-factor', '2', '--capacity', '0.5'], env)).toEqual(
      expect.objectContaining({ plan: { kind: 'factor', factor: 2, capacity: { kind: 'given', requestsPerS: 0.5 } } }),
    );
  });

  it('takes the API key from RERANK_API_KEY when no flag gives one', () => {
    expect(parseLoadArgs([], { RERANK_API_KEY: 'from-the-env-1234' })).toMatchObject({ apiKey: 'from-the-env-1234' });
    expect(parseLoadArgs(['--api-key', 'from-the-flag-1234'], { RERANK_API_KEY: 'from-the-env-1234' })).toMatchObject({
      apiKey: 'from-the-flag-1234',
    });
  });

  it.each([
    [['--rate', '0'], '--rate must be a number above 0 and at most 100000, got "0"'],
    [['--rate', 'fast'], '--rate must be a number above 0 and at most 100000, got "fast"'],
    [['--rate', '2', '--capacity-factor', '2'], '--rate and --capacity-factor exclude each other'],
    [['--rate', '2', '--connections', '4'], '--connections sets a closed loop; --rate drives an open one'],
    [['--capacity', '3'], '--capacity only applies with --capacity-factor'],
    [['--capacity-duration', '3'], '--capacity-duration only applies with --capacity-factor'],
    [
      ['--capacity-factor', '2', '--capacity', '1', '--capacity-duration', '5'],
      '--capacity-duration sets the capacity phase, which --capacity skips',
    ],
    [['--max-in-flight', '10'], '--max-in-flight only applies with --rate or --capacity-factor'],
    [['--workers', '2'], '--workers only applies with --start-fleet'],
    [['--int8'], '--int8 only applies with --start-fleet'],
    [['--start-fleet', '--gateway', 'http://x:1'], '--gateway is for a running fleet; it cannot go with --start-fleet'],
    [['--start-fleet', '--worker-pids', '1'], '--worker-pids is for a running fleet; it cannot go with --start-fleet'],
    [['--start-fleet', '--arch', 'bert-huge'], '--arch must be one of tiny, minilm-l6, got "bert-huge"'],
    [['--gateway', 'localhost:3000'], '--gateway must be an http(s) URL, got "localhost:3000"'],
    [['--mix', '10,,50'], '--mix takes a comma-separated list of integers from 1 to 100000, got "10,,50"'],
    [['--worker-pids', '12,abc'], '--worker-pids takes a comma-separated list of integers from 1 to 4194304, got "12,abc"'],
    [['--duration', '0'], '--duration must be an integer from 1 to 86400, got "0"'],
    [['--api-key', ''], '--api-key needs a value'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseLoadArgs(argv, env)).toThrow(new UsageError(message));
  });

  it('returns help for --help', () => {
    expect(parseLoadArgs(['--rate', '1', '--help'], env)).toBe('help');
  });
});
