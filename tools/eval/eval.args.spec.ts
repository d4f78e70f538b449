import { UsageError } from '../cli/cli-args';
import { parseEvalArgs } from './eval.args';

const env = { INIT_CWD: '/home/me' };

describe('parseEvalArgs', () => {
  it('returns the defaults, with paths relative to where npm was run', () => {
    expect(parseEvalArgs(['--data', 'beir/scifact'], env)).toEqual({
      dataDir: '/home/me/beir/scifact',
      candidates: 100,
      rerank: false,
      gateway: 'http://127.0.0.1:3000',
      model: undefined,
      concurrency: 4,
      out: undefined,
      run: undefined,
    });
  });

  it('reads every flag', () => {
    const args = parseEvalArgs(
      ['--data=/d', '--candidates', '50', '--rerank', '--gateway', 'http://gw:8080/', '--model', 'm', '--out', 'o.json', '--run', '/r.txt'],
      env,
    );
    expect(args).toMatchObject({
      candidates: 50,
      rerank: true,
      gateway: 'http://gw:8080',
      model: 'm',
      out: '/home/me/o.json',
      run: '/r.txt',
    });
  });

  it.each([
    [[], '--data is required'],
    [['--data', 'd', '--candidates', '0'], '--candidates must be an integer from 1 to 10000, got "0"'],
    [['--data', 'd', '--gateway', 'http://x'], '--gateway only applies with --rerank or --embedding-model'],
    [['--data', 'd', '--embedding-model', ''], '--embedding-model must not be empty'],
    [['--data', 'd', '--rerank', '--gateway', 'localhost:3000'], '--gateway must be an http(s) URL, got "localhost:3000"'],
    [['--data', 'd', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j naming the flag', (argv, message) => {
    expect(() => parseEvalArgs(argv, env)).toThrow(new UsageError(message));
  });

  it('reads --embedding-model, with the gateway that computes the vectors', () => {
    expect(parseEvalArgs(['--data', 'd', '--embedding-model', 'bi', '--gateway', 'http://gw:1/'], env)).toMatchObject({
      embeddingModel: 'bi',
      gateway: 'http://gw:1',
      rerank: false,
    });
  });

  it('returns help for --help', () => {
    expect(parseEvalArgs(['--help'], env)).toBe('help');
  });
});
