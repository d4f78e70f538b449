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
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.recordRequest(request.method, route, response.statusCode, seconds);
    });
    next();
  };
}
