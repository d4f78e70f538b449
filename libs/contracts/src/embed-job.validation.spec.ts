import { InvalidEmbedPayloadError, parseEmbedTextsPayload } from './embed-job.validation';

const valid = { requestId: 'r1', model: 'bi', texts: ['a', 'b'] };

describe('parseEmbedTextsPayload', () => {
  it('returns the payload with and without its optional fields', () => {
    expect(parseEmbedTextsPayload(valid, 10)).toEqual(valid);
    const full = { ...valid, deadline: 1_000, normalize: false, truncationDirection: 'left' };
    expect(parseEmbedTextsPayload(full, 10)).toEqual(full);
  });

  it.each([
    [null, 'payload must be an object'],
    [{ ...valid, requestId: 7 }, 'requestId must be a string'],
    [{ model: 'bi', texts: ['a'] }, 'requestId must be a string'],
    [{ ...valid, texts: [] }, 'texts must be a non-empty array'],
    [{ ...valid, texts: 'a' }, 'texts must be a non-empty array'],
    [{ ...valid, texts: ['a', 3] }, 'texts[1] must be a string'],
    [{ ...valid, texts: ['a', 'b', 'c'] }, 'texts has 3 entries, more than the limit of 2'],
    [{ ...valid, deadline: Number.POSITIVE_INFINITY }, 'deadline must be a finite number (epoch ms)'],
    [{ ...valid, normalize: 'yes' }, 'normalize must be a boolean'],
    [{ ...valid, truncationDirection: 'middle' }, 'truncationDirection must be "left" or "right"'],
  ])('rejects %j naming the field and the limit', (payload, message) => {
    expect(() => parseEmbedTextsPayload(payload, 2)).toThrow(new InvalidEmbedPayloadError(message));
  });
});
