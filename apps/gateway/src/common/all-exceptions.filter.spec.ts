import { ArgumentsHost, BadRequestException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { RetryLaterException } from './retry-later.exception';

/** What the filter wrote: status, headers and body. */
function handle(exception: unknown): { status: number; headers: Record<string, string>; body: any } {
  const written = { status: 0, headers: {} as Record<string, string>, body: undefined as any };
  const response = {
    setHeader: (name: string, value: string) => (written.headers[name.toLowerCase()] = value),
    status: (status: number) => {
      written.status = status;
      return { json: (body: unknown) => (written.body = body) };
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ path: '/v1/rerank', headers: {} }), getResponse: () => response }) };
  new AllExceptionsFilter().catch(exception, host as unknown as ArgumentsHost);
  return written;
}

describe('AllExceptionsFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('tells a client when to retry a 503, such as Redis being away during a failover', () => {
    const { status, headers, body } = handle(new ServiceUnavailableException('cannot reach Redis'));
    expect([status, headers['retry-after'], body.message]).toEqual([503, '1', 'cannot reach Redis']);
  });

  it('keeps the Retry-After a 429 computed, and sends none with a 400', () => {
    expect(handle(new RetryLaterException('over the bound', 7)).headers['retry-after']).toBe('7');
    expect(handle(new BadRequestException('bad')).headers).toEqual({});
  });
});
