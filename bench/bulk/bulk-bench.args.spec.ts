import { UsageError } from '../../tools/cli/cli-args';
import { bulkBenchPlan, parseBulkBenchArgs } from './bulk-bench.args';

describe('parseBulkBenchArgs', () => {
  it('defaults to the full plan on one fp32 worker', () => {
    expect(parseBulkBenchArgs([])).toEqual({ quick: false, int8: false, out: undefined, workers: 1, seed: 1 });
  });

  it('reads every flag', () => {
    expect(parseBulkBenchArgs(['--quick', '--int8', '--out', 'r.json', '--workers', '2', '--seed', '7'])).toEqual({
      quick: true,
      int8: true,
      out: 'r.json',
      workers: 2,
      seed: 7,
    });
    expect(parseBulkBenchArgs(['--help'])).toBe('help');
  });

  it('names the flag that is wrong', () => {
    expect(() => parseBulkBenchArgs(['--workers', '0'])).toThrow(new UsageError('--workers must be an integer from 1 to 64, got "0"'));
    expect(() => parseBulkBenchArgs(['--speed'])).toThrow(UsageError);
  });
});

describe('bulkBenchPlan', () => {
  it('keeps the same shape, smaller, when quick', () => {
    const [full, quick] = [bulkBenchPlan(false), bulkBenchPlan(true)];
    expect(Object.keys(quick)).toEqual(Object.keys(full));
    expect(quick.bulkQueries * quick.bulkCandidates).toBeLessThan(full.bulkQueries * full.bulkCandidates);
  });
});
