import { assertAnswerable, requestDeadline } from './deadline.policy';

const config = { requestTimeoutMs: 30_000, maxDeadlineMs: 60_000 };
const deadline = { at: 0, ms: 250 };

describe('requestDeadline', () => {
  it('returns the asked deadline from arrival, or the request timeout when none is asked', () => {
    expect(requestDeadline(250, config, 1_000)).toEqual({ at: 1_250, ms: 250 });
    expect(requestDeadline(undefined, config, 1_000)).toEqual({ at: 31_000, ms: 30_000 });
    expect(requestDeadline(60_000, config, 0)).toEqual({ at: 60_000, ms: 60_000 });
  });

  it('answers 400 naming the field and the limit for a deadline past RERANK_MAX_DEADLINE_MS', () => {
    expect(() => requestDeadline(60_001, config)).toThrow('deadline_ms is 60001; the limit is 60000 (RERANK_MAX_DEADLINE_MS)');
  });
});

describe('assertAnswerable', () => {
  const partly = [1, Number.NaN, 2, Number.NaN];

  it('accepts complete scores whatever the client asked', () => {
    expect(() => assertAnswerable([1, 2], { partial: false, deadline, model: 'm' })).not.toThrow();
  });

  it('accepts partial scores when the client takes partial answers', () => {
    expect(() => assertAnswerable(partly, { partial: true, deadline, model: 'm' })).not.toThrow();
  });

  it('answers 504 with the scored count when the client refused partial answers', () => {
    expect(() => assertAnswerable(partly, { partial: false, deadline, model: 'm' })).toThrow(
      'scoring did not finish within 250 ms (2 of 4 documents scored for model "m"); with "partial": true the 2 scored documents would come back ranked, the others after them',
    );
  });

  it('answers 504 when nothing was scored, even to a client that takes partial answers', () => {
    expect(() => assertAnswerable([Number.NaN, Number.NaN], { partial: true, deadline, model: 'm' })).toThrow(
      'scoring did not finish within 250 ms (0 of 2 documents scored for model "m"); check that a worker serves this model (GET /health)',
    );
  });
});
