import type { ControllerHandlerReturnType } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import { isRedisConnectionError } from '@rerank/queue';

/**
 * bull-board's Express adapter, except that a dashboard API call that cannot reach Redis is
 * answered by the gateway's exception filter (503, Retry-After, a sentence a person reads)
 * instead of bull-board's own 500 carrying ioredis' words. bull-board answers every error itself;
 * rethrowing from its handler hands the error to Express, which passes it on with next(error) to
 * the gateway's error handling. Other errors keep bull-board's answer, which its UI reads.
 */
export class AdminBoardAdapter extends ExpressAdapter {
  override setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): this {
    return super.setErrorHandler((error: Error) => {
      if (isRedisConnectionError(error)) throw error;
      return handler(error);
    });
  }
}
