import { InvalidBulkBatchError, parseBulkBatchPayload } from './bulk-batch.validation';

const valid = {
  jobId: 'job_1',
  batch: 0,
  model: 'tiny',
  queries: [{ queryIndex: 0, query: 'q', candidates: [{ id: 'd1', text: 't' }] }],
};

describe('parseBulkBatchPayload', () => {
  it('accepts a batch with and without windowing', () => {
    expect(parseBulkBatchPayload(valid, 10)).toEqual(valid);
    const windowing = { aggregation: 'mean', maxChunks: 4, meanTopK: 2, stride: 32 };
    expect(parseBulkBatchPayload({ ...valid, windowing }, 10)).toEqual({ ...valid, windowing });
  });

  it.each([
    [{ ...valid, jobId: 'a:b' }, 'jobId must be 1 to 64 letters, digits, "_" or "-"'],
    [{ ...valid, queries: [] }, 'queries must be a non-empty array'],
    [{ ...valid, queries: [{ ...valid.queries[0], candidates: [{ id: 1, text: 't' }] }] }, 'queries[0].candidates[0].id must be a string'],
    [{ ...valid, queries: [{ ...valid.queries[0], candidates: ['d1'] }] }, 'queries[0].candidates[0] must be { id: string, text: string }'],
    [
      { ...valid, queries: [valid.queries[0], { queryIndex: -1, query: 'q', candidates: [] }] },
      'queries[1].queryIndex must be a non-negative integer',
    ],
    [{ ...valid, batch: 1.5 }, 'batch must be a non-negative integer'],
    [{ ...valid, model: '' }, 'model must be a non-empty string'],
    [
      { ...valid, windowing: { aggregation: 'max', maxChunks: 257, meanTopK: 1, stride: 0 } },
      'windowing.maxChunks must be an integer from 1 to 256',
    ],
    ['batch', 'payload must be an object'],
    [
      { ...valid, windowing: { aggregation: 'best', maxChunks: 4, meanTopK: 2, stride: 0 } },
      'windowing.aggregation must be one of max, first, mean',
    ],
    [
      { ...valid, windowing: { aggregation: 'max', maxChunks: 4, meanTopK: 5, stride: 0 } },
      'windowing.meanTopK must be an integer from 1 to 4',
    ],
  ])('rejects %j for good, saying what is wrong', (data, message) => {
    expect(() => parseBulkBatchPayload(data, 10)).toThrow(new InvalidBulkBatchError(message));
  });

  it('rejects a batch over the pairs limit', () => {
    expect(() => parseBulkBatchPayload(valid, 0)).toThrow('batch has 1 pairs, more than the limit of 0');
  });
});
