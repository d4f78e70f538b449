import { InvalidPayloadError, parseScorePairsPayload } from './score-job.validation';

const valid = {
  requestId: 'r1',
  model: 'm',
  query: 'q',
  deadline: Date.now() + 1000,
  documents: [{ index: 0, text: 'a' }],
};

describe('parseScorePairsPayload', () => {
  it('returns the payload when every field is valid', () => {
    expect(parseScorePairsPayload(valid, 10)).toEqual(valid);
  });

  it.each([
    [{ ...valid, query: '' }, 'query must not be empty'],
    [{ ...valid, query: 3 }, 'query must be a string'],
    [{ ...valid, deadline: 'soon' }, 'deadline must be a finite number'],
    [{ ...valid, documents: [] }, 'documents must be a non-empty array'],
    [{ ...valid, documents: [{ index: -1, text: 'a' }] }, 'documents[0].index must be a non-negative integer'],
    [{ ...valid, documents: [{ index: 0, text: 'a' }, { index: 1 }] }, 'documents[1].text must be a string'],
    [{ ...valid, documents: ['a'] }, 'documents[0] must be { index: non-negative integer, text: string }'],
    [{ ...valid, truncationDirection: 'up' }, 'truncationDirection must be "left" or "right"'],
    [null, 'payload must be an object'],
  ])('rejects %j naming the field', (payload, message) => {
    expect(() => parseScorePairsPayload(payload, 10)).toThrow(InvalidPayloadError);
    expect(() => parseScorePairsPayload(payload, 10)).toThrow(message);
  });

  it('returns windowing and the document token bound when they are valid', () => {
    const windowing = { aggregation: 'mean', meanTopK: 2, maxChunks: 4, stride: 16 };
    expect(parseScorePairsPayload({ ...valid, windowing, maxDocumentTokens: 4096 }, 10)).toEqual({
      ...valid,
      windowing,
      maxDocumentTokens: 4096,
    });
  });

  it.each([
    [{ windowing: 'yes' }, 'windowing must be an object'],
    [
      { windowing: { aggregation: 'median', meanTopK: 1, maxChunks: 4, stride: 0 } },
      'windowing.aggregation must be one of max, first, mean',
    ],
    [{ windowing: { aggregation: 'max', meanTopK: 1, maxChunks: 0, stride: 0 } }, 'windowing.maxChunks must be an integer from 1 to 256'],
    [{ windowing: { aggregation: 'max', meanTopK: 1, maxChunks: 257, stride: 0 } }, 'windowing.maxChunks must be an integer from 1 to 256'],
    [{ windowing: { aggregation: 'mean', meanTopK: 5, maxChunks: 4, stride: 0 } }, 'windowing.meanTopK must be an integer from 1 to 4'],
    [{ windowing: { aggregation: 'max', meanTopK: 1, maxChunks: 4, stride: -1 } }, 'windowing.stride must be an integer from 0 to 256'],
    [{ windowing: { aggregation: 'max', meanTopK: 1, maxChunks: 4, stride: 1.5 } }, 'windowing.stride must be an integer from 0 to 256'],
    [{ maxDocumentTokens: 0 }, 'maxDocumentTokens must be an integer from 1'],
  ])('rejects long-document options %j naming the field and its range', (extra, message) => {
    expect(() => parseScorePairsPayload({ ...valid, ...extra }, 10)).toThrow(InvalidPayloadError);
    expect(() => parseScorePairsPayload({ ...valid, ...extra }, 10)).toThrow(message);
  });

  it('rejects more documents than the limit', () => {
    const documents = Array.from({ length: 3 }, (_, index) => ({ index, text: 'x' }));
    expect(() => parseScorePairsPayload({ ...valid, documents }, 2)).toThrow(
      new InvalidPayloadError('documents has 3 entries, more than the limit of 2'),
    );
  });
});
