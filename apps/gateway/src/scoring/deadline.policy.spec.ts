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

  it('answers 504 when nothing was scored, even to a client that takes partial answers, naming no worker when none finished anything', () => {
    expect(() => assertAnswerable([Number.NaN, Number.NaN], { partial: true, deadline, model: 'm' })).toThrow(
      'scoring did not finish within 250 ms (0 of 2 documents scored for model "m"); no worker finished any work for this model lately; check that a worker serves it (GET /health)',
    );
    expect(() =>
      assertAnswerable([Number.NaN], { partial: true, deadline, model: 'm', queueAhead: { pairs: 40, pairsPerSecond: 0 } }),
    ).toThrow(/no worker finished any work for this model lately/);
  });

  it('answers 504 saying the queue was too long for the deadline when workers are alive but the work ahead outlasts it', () => {
    const overloaded = { at: 0, ms: 5_000 };
    expect(() =>
      assertAnswerable([Number.NaN, Number.NaN], {
        partial: true,
        deadline: overloaded,
        model: 'm',
        queueAhead: { pairs: 2_300, pairsPerSecond: 400 },
      }),
    ).toThrow(
      'scoring did not finish within 5000 ms (0 of 2 documents scored for model "m"); the queue was too long for the deadline: ' +
        '2300 pairs were queued ahead of it and the workers finish about 400 pairs/s (5.8 s of work); ' +
        'retry later or with a longer deadline_ms, add workers, or set RERANK_MAX_QUEUE_SECONDS to refuse such requests at once with a 429',
    );
  });

  it('answers 504 saying a worker may be stuck when little was queued ahead', () => {
    expect(() =>
      assertAnswerable([Number.NaN], {
        partial: false,
        deadline: { at: 0, ms: 5_000 },
        model: 'm',
        queueAhead: { pairs: 3, pairsPerSecond: 2.5 },
      }),
    ).toThrow(
      'the workers did not get to it in time although little was queued ahead (3 pairs were queued ahead of it and the workers finish about 2.5 pairs/s (1.2 s of work)): ' +
        'a worker may be stuck, or the request is too large for its deadline; check GET /health, or retry with a longer deadline_ms',
    );
  });
});
