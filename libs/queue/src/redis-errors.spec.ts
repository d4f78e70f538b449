import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { isRedisConnectionError, logErrorsOf } from './redis-errors';

describe('isRedisConnectionError', () => {
  it('recognises what ioredis and Node say when Redis is away, also when wrapped as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    for (const error of [
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Connection is closed.'),
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }),
      new Error('LOADING Redis is loading the dataset in memory'),
      refused,
      new Error('cannot create the job', { cause: refused }),
    ]) {
      expect([error.message, isRedisConnectionError(error)]).toEqual([error.message, true]);
    }
  });

  it('returns false for errors Redis answered and for anything else', () => {
    for (const error of [
      new Error('WRONGTYPE Operation against a key holding the wrong kind of value'),
      new Error('boom'),
      'Connection is closed.',
      undefined,
    ]) {
      expect(isRedisConnectionError(error)).toBe(false);
    }
  });
});

describe('logErrorsOf', () => {
  it('logs an error event as one structured warning without a stack, and at most one every few seconds', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const emitter = new EventEmitter();
    logErrorsOf(emitter, 'Worker', { queue: 'q' });
    emitter.emit('error', new Error('Connection is closed.'));
    emitter.emit('error', new Error('Connection is closed.'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({
      msg: 'Redis connection error; reconnecting',
      queue: 'q',
      reason: 'Connection is closed.',
      suppressedSinceLast: 0,
    });
    warn.mockRestore();
  });
});
