import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { answerFor } from './all-exceptions.filter';
import { RetryLaterException } from './retry-later.exception';

describe('answerFor', () => {
  it('answers a Redis that cannot be reached with 503, Retry-After and no ioredis words, whatever route met it', () => {
    const answer = answerFor(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(answer).toEqual({
      status: 503,
      message: `cannot reach Redis, where the queues, bulk jobs and worker heartbeats live, so nothing was done; retry after ${answer.retryAfterSeconds} s`,
      retryAfterSeconds: expect.any(Number),
    });
    expect(answer.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(answer.retryAfterSeconds).toBeLessThanOrEqual(3);
  });

  it('gives every 503 a Retry-After, and a 429 its own', () => {
    expect(answerFor(new ServiceUnavailableException('no worker serves model "m"')).retryAfterSeconds).toEqual(expect.any(Number));
    expect(answerFor(new RetryLaterException('queue full; retry after 9 s', 9))).toEqual({
      status: 429,
      message: 'queue full; retry after 9 s',
      retryAfterSeconds: 9,
    });
  });

  it('keeps other known errors as they are and hides unknown ones behind a 500', () => {
    expect(answerFor(new BadRequestException('query must be a string'))).toEqual({ status: 400, message: 'query must be a string' });
    expect(answerFor(new TypeError('x is undefined'))).toEqual({
      status: 500,
      message: 'internal error; quote the request id when reporting it',
    });
  });
});
