import { UsageError } from '../../tools/cli/cli-args';
import { parseOverheadArgs } from './overhead.args';

describe('parseOverheadArgs', () => {
  it('measures 300 calls of 100 documents at concurrency 8 after 300 warm-up calls when no flag is given', () => {
    expect(parseOverheadArgs([])).toEqual({
      arch: 'tiny',
      requests: 300,
      warmup: 300,
      documents: 100,
      concurrency: 8,
      intraOpThreads: 1,
      tokenizerThreads: 'auto',
      seed: 1,
    });
  });

  it('takes the warm-up and the measured calls from their flags', () => {
    expect(parseOverheadArgs(['--warmup', '10', '--requests=1000'])).toMatchObject({ warmup: 10, requests: 1000 });
  });

  it('refuses a warm-up of no calls, naming the flag', () => {
    expect(() => parseOverheadArgs(['--warmup', '0'])).toThrow(UsageError);
    expect(() => parseOverheadArgs(['--warmup', '0'])).toThrow(/--warmup/);
  });
});
