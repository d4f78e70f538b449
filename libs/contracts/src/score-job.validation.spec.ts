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
    [{ ...valid, documents: [{ index: -1, text: 'a' }] }, 'documents[0] must be'],
    [{ ...valid, documents: [{ index: 0, text: 'a' }, { index: 1 }] }, 'documents[1] must be'],
    [null, 'payload must be an object'],
  ])('rejects %j naming the field', (payload, message) => {
    expect(() => parseScorePairsPayload(payload, 10)).toThrow(InvalidPayloadError);
    expect(() => parseScorePairsPayload(payload, 10)).toThrow(message);
  });

  it('rejects more documents than the limit', () => {
    const documents = Array.from({ length: 3 }, (_, index) => ({ index, text: 'x' }));
    expect(() => parseScorePairsPayload({ ...valid, documents }, 2)).toThrow('more than the limit of 2');
  });
});
