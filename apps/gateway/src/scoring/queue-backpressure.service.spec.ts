import { ServiceUnavailableException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { PairBacklog, WorkerRegistry } from '@rerank/queue';
import { waitUntil } from '../../../../test/support/wait-until';
import { RetryLaterException } from '../common/retry-later.exception';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { QueueBackpressureService } from './queue-backpressure.service';
import { ScoreResultsListener } from './score-results.listener';
import { useRealRedis } from '../../../../test/support/real-redis';

const MODEL = 'tiny';
const QUEUE = 'score.tiny.interactive';
const job = (jobId: string, pairs: number) => ({ jobId, pairs, deadline: Date.now() + 60_000 });

/**
 * The fleet's measurements as the results listener would report them (its own spec covers how it
 * measures), and a tally of rejections in place of the Prometheus registry. The backlog and the
 * heartbeats are real, in Redis.
 */
class Measurements {
  drain = 0;
  speed = 0;
  drainRate = () => this.drain;
  serviceSpeed = () => this.speed;
}

describe('QueueBackpressureService (real Redis)', () => {
  const real = useRealRedis();
  let measured: Measurements;
  let rejections: string[];

  const gateway = (bounds: { maxQueuedPairs?: number; maxQueueSeconds?: number }) =>
    new QueueBackpressureService(
      { queuePrefix: real.prefix, maxQueuedPairs: 0, maxQueueSeconds: 0, ...bounds } as GatewayConfig,
      real.redis,
      measured as unknown as ScoreResultsListener,
      { recordBackpressureRejection: (model: string) => rejections.push(model) } as unknown as GatewayMetrics,
      new WorkerRegistry(real.redis, real.prefix),
    );

  const refusal = (service: QueueBackpressureService) =>
    service.admit(MODEL, QUEUE).then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeEach(() => {
    measured = new Measurements();
    rejections = [];
  });

  it('admits up to RERANK_MAX_QUEUED_PAIRS and refuses above it with a Retry-After from the drain rate', async () => {
    const service = gateway({ maxQueuedPairs: 10 });
    measured.drain = 0.5;
    await service.enqueuing(QUEUE, [job('a', 6), job('b', 4)]);
    // Admitted, with what is queued ahead of it and how fast it drains (for a later 504's message).
    await expect(service.admit(MODEL, QUEUE)).resolves.toEqual({ pairs: 10, pairsPerSecond: 0.5 });
    await service.enqueuing(QUEUE, [job('c', 2)]);
    const error = await refusal(service);
    expect(error).toBeInstanceOf(RetryLaterException);
    // The whole backlog's drain time, 12 pairs at 0.5 pairs/s = 24 s, jittered by ±25 %.
    const seconds = (error as RetryLaterException).retryAfterSeconds;
    expect(seconds).toBeGreaterThanOrEqual(18);
    expect(seconds).toBeLessThanOrEqual(30);
    expect((error as RetryLaterException).message).toMatch(
      new RegExp(
        `^model "tiny" has 12 pairs queued, over the bound of 10 \\(RERANK_MAX_QUEUED_PAIRS\\); it drains at about 0\\.5 pairs/s, retry after ${seconds} s$`,
      ),
    );
    expect(rejections).toEqual([MODEL]);
  });

  it('admits again once finished jobs are counted out', async () => {
    const service = gateway({ maxQueuedPairs: 10 });
    await service.enqueuing(QUEUE, [job('a', 8), job('b', 8)]);
    expect(await refusal(service)).toBeInstanceOf(RetryLaterException);
    service.finished(QUEUE, ['a']);
    await waitUntil('the release to be counted', async () => (await refusal(service)) === undefined);
    expect(await service.queuedPairs(QUEUE)).toBe(8);
  });

  it('counts finished jobs out of its own reading at once, and out of Redis with the next enqueue or reading', async () => {
    const service = gateway({ maxQueuedPairs: 10 });
    const other = gateway({ maxQueuedPairs: 10 });
    const backlog = new PairBacklog(real.redis, real.prefix);
    await service.enqueuing(QUEUE, [job('a', 8), job('b', 8)]);
    expect(await service.queuedPairs(QUEUE)).toBe(16);
    service.finished(QUEUE, ['a']);
    expect(await service.queuedPairs(QUEUE)).toBe(8);
    // Not yet in Redis: the release rides on the next command.
    expect(await backlog.count(QUEUE)).toBe(16);
    await service.enqueuing(QUEUE, [job('c', 1)]);
    expect(await backlog.count(QUEUE)).toBe(9);
    expect(await service.queuedPairs(QUEUE)).toBe(9);
    service.finished(QUEUE, ['b']);
    expect(await service.queuedPairs(QUEUE)).toBe(1);
    // Another gateway's reading sees it after the release delay at most.
    await waitUntil('the release to reach Redis', async () => (await other.queuedPairs(QUEUE)) === 1, { timeoutMs: 1_000 });
  });

  it('does not count a refusal when the served check beside it fails: that request is answered 503, not 429', async () => {
    const service = gateway({ maxQueuedPairs: 10 });
    await service.enqueuing(QUEUE, [job('a', 11)]);
    const unserved = Promise.reject(new ServiceUnavailableException(`no worker serves model "${MODEL}"`));
    unserved.catch(() => undefined);
    await expect(service.admit(MODEL, QUEUE, unserved)).rejects.toThrow(ServiceUnavailableException);
    expect(rejections).toEqual([]);
    await expect(service.admit(MODEL, QUEUE, Promise.resolve(1))).rejects.toThrow(RetryLaterException);
    expect(rejections).toEqual([MODEL]);
  });

  it("sees the other gateways' jobs: the backlog is fleet-wide", async () => {
    const first = gateway({ maxQueuedPairs: 10 });
    const second = gateway({ maxQueuedPairs: 10 });
    await first.enqueuing(QUEUE, [job('a', 11)]);
    expect(await refusal(second)).toBeInstanceOf(RetryLaterException);
  });

  it('admits everything without a bound, whatever is queued', async () => {
    const service = gateway({});
    await service.enqueuing(QUEUE, [job('a', 1_000_000)]);
    await expect(service.admit(MODEL, QUEUE)).resolves.toEqual({ pairs: 1_000_000, pairsPerSecond: 0 });
    expect(await service.queuedPairs(QUEUE)).toBe(1_000_000);
  });

  it('bounds by seconds of work for the live workers at their measured speed, and only once measured', async () => {
    const service = gateway({ maxQueueSeconds: 2 });
    const registry = new WorkerRegistry(real.redis, real.prefix);
    await registry.beat(MODEL, 'w1');
    await registry.beat(MODEL, 'w2');
    await service.enqueuing(QUEUE, [job('a', 50)]);
    // No worker has reported its speed yet: nothing says how fast the queue drains.
    await expect(service.admit(MODEL, QUEUE)).resolves.toEqual({ pairs: 50, pairsPerSecond: 0 });
    measured.speed = 10;
    const error = await refusal(service);
    // Nothing has finished yet, so the workers' speed (2 × 10 pairs/s) stands in for the drain: 50 / 20 = 2.5 s, jittered.
    const seconds = (error as RetryLaterException).retryAfterSeconds;
    expect([2, 3]).toContain(seconds);
    expect((error as RetryLaterException).message).toBe(
      `model "tiny" has 50 pairs queued, over the bound of 40 (2 s of work for 2 workers scoring 20 pairs/s, RERANK_MAX_QUEUE_SECONDS); it drains at about 20 pairs/s, retry after ${seconds} s`,
    );
  });
});
