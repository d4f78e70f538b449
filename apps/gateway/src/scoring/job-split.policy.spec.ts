import { jobCountFor, splitIntoJobs } from './job-split.policy';

const DEFAULTS = { jobDocuments: 32, maxJobDocuments: 256 };

describe('jobCountFor', () => {
  it('makes one job per live worker, no job under the minimum and none over the maximum', () => {
    expect(jobCountFor(100, 1, DEFAULTS)).toBe(1);
    expect(jobCountFor(100, 2, DEFAULTS)).toBe(2);
    // Eight workers, but at most one job per 32 documents: four jobs.
    expect(jobCountFor(100, 8, DEFAULTS)).toBe(4);
    expect(jobCountFor(1000, 1, DEFAULTS)).toBe(4);
    expect(jobCountFor(1000, 16, DEFAULTS)).toBe(16);
    expect(jobCountFor(1000, 64, DEFAULTS)).toBe(32);
    expect(jobCountFor(5, 8, DEFAULTS)).toBe(1);
  });

  it('cuts into jobs of a fixed size when the minimum and maximum are equal, whatever the workers', () => {
    const fixed = { jobDocuments: 4, maxJobDocuments: 4 };
    expect(jobCountFor(12, 1, fixed)).toBe(3);
    expect(jobCountFor(12, 10, fixed)).toBe(3);
    expect(jobCountFor(13, 1, fixed)).toBe(4);
  });

  it('counts no live workers as one', () => {
    expect(jobCountFor(100, 0, DEFAULTS)).toBe(1);
  });
});

describe('splitIntoJobs', () => {
  it('cuts equal items into consecutive groups of equal size', () => {
    const groups = splitIntoJobs(new Array<number>(100).fill(1), 4, 256);
    expect(groups.map((group) => group.length)).toEqual([25, 25, 25, 25]);
    expect(groups.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(splitIntoJobs(new Array<number>(100).fill(1), 3, 256).map((group) => group.length)).toEqual([34, 34, 32]);
  });

  it('keeps a fixed size split as it was: ten items in jobs of four are 4, 4 and 2, in order', () => {
    expect(splitIntoJobs(new Array<number>(10).fill(1), 3, 4)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('balances by cost, a document read in ten windows weighing ten (15 and 14 here)', () => {
    expect(splitIntoJobs([1, 1, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2, 256)).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    ]);
    expect(splitIntoJobs([3, 3, 3], 2, 256)).toEqual([[0, 1], [2]]);
  });

  it('never lets a group pass the cost cap unless one item alone does, making more groups than jobs if it must', () => {
    expect(splitIntoJobs([3, 3, 1, 1, 1, 4], 4, 4)).toEqual([[0], [1, 2], [3, 4], [5]]);
    expect(splitIntoJobs([9, 1, 1], 1, 4)).toEqual([[0], [1, 2]]);
  });

  it('puts a single item in one group', () => {
    expect(splitIntoJobs([7], 3, 256)).toEqual([[0]]);
  });
});
