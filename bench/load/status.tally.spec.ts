import { partialFlag, StatusTally } from './status.tally';

describe('partialFlag', () => {
  it('reads a top-level "partial": true, and nothing else, as partial', () => {
    expect(partialFlag('{"results":[],"partial":true}')).toBe(true);
    expect(partialFlag('{"results":[],"partial":false}')).toBe(false);
    expect(partialFlag('{"results":[{"partial":true}]}')).toBe(false);
    expect(partialFlag('[{"index":0,"score":0.5}]')).toBe(false);
    expect(partialFlag('<html>')).toBe('unreadable');
  });
});

describe('StatusTally', () => {
  it('counts answers by class, and pairs only of complete 2xx answers', () => {
    const tally = new StatusTally();
    expect(tally.recordAnswer(200, '{"results":[]}', 100, 50)).toBe('complete');
    expect(tally.recordAnswer(200, '{"results":[],"partial":true}', 200, 900)).toBe('partial');
    expect(tally.recordAnswer(429, '{"statusCode":429,"message":"queue full"}', 10, 2, '5')).toBe('error');
    tally.recordAnswer(429, '{"statusCode":429,"message":"again"}', 10, 3);
    tally.recordAnswer(504, '{"statusCode":504}', 50, 30_000);
    tally.recordAnswer(502, '{"statusCode":502}', 50, 20);
    tally.recordAnswer(503, '{"statusCode":503}', 50, 1);
    tally.recordAnswer(400, '{"statusCode":400}', 50, 1);
    tally.recordFailure('timeout', 'The operation was aborted due to timeout');
    tally.recordFailure('connection', 'fetch failed: connect ECONNREFUSED');
    const counts = tally.summary();
    expect(counts).toMatchObject({
      answered: 8,
      ok_2xx: 2,
      partial: 1,
      unreadable_2xx: 0,
      ok_pairs: 100,
      http_429: 2,
      http_504: 1,
      other_5xx: 2,
      other_4xx: 1,
      other_status: 0,
      timeouts: 1,
      connection_errors: 1,
      by_status: { 200: 2, 429: 2, 504: 1, 502: 1, 503: 1, 400: 1 },
      retry_after_429: { 5: 1, none: 1 },
    });
    expect(counts.examples[429]).toBe('{"statusCode":429,"message":"queue full"}');
    expect(counts.examples.connection).toBe('fetch failed: connect ECONNREFUSED');
    expect(tally.okLatenciesMs).toEqual([50, 900]);
    expect(tally.answeredLatenciesMs).toHaveLength(8);
  });

  it('counts a 2xx body that is not JSON apart, without its pairs', () => {
    const tally = new StatusTally();
    expect(tally.recordAnswer(200, 'oops', 10, 5)).toBe('unreadable');
    expect(tally.summary()).toMatchObject({ ok_2xx: 1, unreadable_2xx: 1, ok_pairs: 0 });
  });

  it('returns a copy, which later answers do not change', () => {
    const tally = new StatusTally();
    const before = tally.summary();
    tally.recordAnswer(429, 'x', 1, 1);
    expect(before.answered).toBe(0);
    expect(before.by_status).toEqual({});
  });
});
