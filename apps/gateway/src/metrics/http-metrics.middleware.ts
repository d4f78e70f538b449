import { NextFunction, Request, Response } from 'express';
import { GatewayMetrics } from './gateway-metrics';

/**
 * Counts every response by its route pattern (`/v1/collections/:name`), not its URL, so label
 * values stay few. Unmatched paths share one label instead of minting one per typo.
 */
export function httpMetrics(metrics: GatewayMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const pattern = (request.route as { path?: string | string[] } | undefined)?.path;
      // baseUrl names the mount point of a sub-app's routes (the /admin/queues dashboard); '' for the API's.
      const route = pattern === undefined ? 'unmatched' : `${request.baseUrl}${[pattern].flat().join('|')}`;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.recordRequest(request.method, route, response.statusCode, seconds);
    });
    next();
  };
}
