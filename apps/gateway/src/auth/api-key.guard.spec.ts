import { randomUUID } from 'node:crypto';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayConfig, hashApiKey } from '@rerank/config';
import { RetryLaterException } from '../common/retry-later.exception';
import { JobsController } from '../jobs/jobs.controller';
import { RerankV1Controller } from '../rerank/cohere-v1/rerank-v1.controller';
import { RerankV2Controller } from '../rerank/cohere-v2/rerank-v2.controller';
import { TeiRerankController } from '../rerank/tei/tei-rerank.controller';
import { SearchController } from '../search/search.controller';
import { ApiKeyGuard } from './api-key.guard';
import { useRealRedis } from '../../../../test/support/real-redis';

const KEY = 'key-0123456789abcdef';
const PAIRS_PER_MINUTE = 5;

/** A route's handler and controller, as Nest hands them to a guard, with the request's body. */
const callTo = (controller: new (...args: never[]) => unknown, handler: string, body: unknown): ExecutionContext =>
  ({
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({
      getRequest: () => ({ body, header: (name: string) => (name === 'authorization' ? `Bearer ${KEY}` : undefined) }),
      getResponse: () => ({ setHeader: () => undefined }),
    }),
  }) as unknown as ExecutionContext;

/** Each route's own body fields say how many pairs it draws; the guard itself knows no body shape. */
describe('ApiKeyGuard pairs budget (real Redis)', () => {
  const real = useRealRedis();

  /** Whether one request, the first of its key's minute (a gateway of its own), is let through a budget of 5 pairs. */
  const admitted = (call: ExecutionContext) => {
    const config = {
      auth: { mode: 'keys', keyHashes: [hashApiKey(KEY)] },
      queuePrefix: `${real.prefix}:${randomUUID()}`,
      rateLimits: { requestsPerMinute: 0, pairsPerMinute: PAIRS_PER_MINUTE },
    } as unknown as GatewayConfig;
    return new ApiKeyGuard(config, real.redis, new Reflector()).canActivate(call).then(
      (allowed) => allowed,
      (error: unknown) => {
        if (error instanceof RetryLaterException) return false;
        throw error;
      },
    );
  };
  const items = (n: number) => Array.from({ length: n }, (_, i) => `document ${i}`);

  it('counts the documents of the Cohere routes and the texts of the TEI route', async () => {
    await expect(admitted(callTo(RerankV1Controller, 'rerankDocuments', { query: 'q', documents: items(5) }))).resolves.toBe(true);
    await expect(admitted(callTo(RerankV2Controller, 'rerankDocuments', { query: 'q', documents: items(6) }))).resolves.toBe(false);
    await expect(admitted(callTo(TeiRerankController, 'rerankTexts', { query: 'q', texts: items(6) }))).resolves.toBe(false);
    await expect(admitted(callTo(TeiRerankController, 'rerankTexts', { query: 'q', texts: items(5) }))).resolves.toBe(true);
  });

  it("counts a search's candidates (100 unless given), and nothing when it does not rerank", async () => {
    await expect(admitted(callTo(SearchController, 'search', { collection: 'c', query: 'q' }))).resolves.toBe(false);
    await expect(admitted(callTo(SearchController, 'search', { collection: 'c', query: 'q', candidates: 5 }))).resolves.toBe(true);
    await expect(admitted(callTo(SearchController, 'search', { collection: 'c', query: 'q', rerank: false }))).resolves.toBe(true);
  });

  it('draws nothing for a route that scores no pairs of its body', async () => {
    await expect(admitted(callTo(JobsController, 'submit', { documents: items(6) }))).resolves.toBe(true);
  });
});
