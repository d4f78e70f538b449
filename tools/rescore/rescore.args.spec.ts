import { UsageError } from '../cli/cli-args';
import { parseRescoreArgs } from './rescore.args';

const env = { INIT_CWD: '/home/me' };

describe('parseRescoreArgs', () => {
  it('returns the defaults for a submission, with paths relative to where npm was run', () => {
    expect(parseRescoreArgs(['queries.jsonl', '--out', 'out.jsonl'], env)).toEqual({
      input: '/home/me/queries.jsonl',
      attach: undefined,
      out: '/home/me/out.jsonl',
      format: 'ndjson',
      model: undefined,
      topN: undefined,
      url: 'http://127.0.0.1:3000',
      apiKey: undefined,
    });
  });

  it('reads every flag, and the API key from RERANK_API_KEY when no flag gives one', () => {
    const args = parseRescoreArgs(['/in.jsonl', '--out=/run.trec', '--trec', '--model', 'm', '--top-n', '10', '--url', 'http://gw:8080/'], {
      ...env,
      RERANK_API_KEY: 'k-from-env',
    });
    expect(args).toMatchObject({ format: 'trec', model: 'm', topN: 10, url: 'http://gw:8080', apiKey: 'k-from-env', out: '/run.trec' });
    expect(parseRescoreArgs(['in', '--out', 'o', '--api-key', 'flag-key'], { RERANK_API_KEY: 'env' })).toMatchObject({
      apiKey: 'flag-key',
    });
  });

  it('re-attaches to a job by id', () => {
    expect(parseRescoreArgs(['--attach', 'abc123', '--out', 'o.jsonl'], env)).toMatchObject({
      input: undefined,
      attach: 'abc123',
      out: '/home/me/o.jsonl',
    });
  });

  it.each([
    [['--out', 'o'], 'an input file (IN.jsonl) or --attach JOB_ID is required'],
    [['in'], '--out is required'],
    [['a', 'b', '--out', 'o'], 'one input file at most, got 2: a b'],
    [['in', '--attach', 'abc', '--out', 'o'], 'give either an input file or --attach JOB_ID, not both'],
    [['--attach', 'a/b', '--out', 'o'], '--attach must be a job id (1 to 64 letters, digits, "_" or "-"), got "a/b"'],
    [['--attach', 'abc', '--model', 'm', '--out', 'o'], '--model is set when a job is submitted; it does not apply with --attach'],
    [['in', '--out', 'o', '--top-n', '0'], '--top-n must be an integer from 1 to 1000000, got "0"'],
    [['in', '--out', 'o', '--url', 'localhost:3000'], '--url must be an http(s) URL, got "localhost:3000"'],
    [['in', '--out', 'o', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseRescoreArgs(argv, env)).toThrow(new UsageError(message));
  });

  it('returns help for --help', () => {
    expect(parseRescoreArgs(['--help'], env)).toBe('help');
  });
});
