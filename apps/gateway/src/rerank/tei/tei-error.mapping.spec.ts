import { teiErrorOf } from './tei-error.mapping';

describe('teiErrorOf', () => {
  it.each([
    [400, 'query is required', 422, 'Validation'],
    [400, 'texts must contain at least one text', 400, 'Empty'],
    [413, 'request body exceeds the limit', 413, 'Validation'],
    [429, 'model "m" has 12 pairs queued', 429, 'Overloaded'],
    [502, 'scoring job failed', 424, 'Backend'],
    [503, 'no worker serves model "m"', 503, 'Unhealthy'],
    [504, 'scoring did not finish', 504, 'Backend'],
    [401, 'missing API key', 401, 'Validation'],
  ])('answers our %i (%s) as TEI %i %s, keeping the message', (status, message, teiStatus, errorType) => {
    expect(teiErrorOf(status, message)).toEqual({ status: teiStatus, body: { error: message, error_type: errorType } });
  });
});
