import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { WorkerRegistry } from '@rerank/queue';
import { waitUntil } from '../../../../test/support/wait-until';
import { FleetModelsService } from './fleet-models.service';
import { useRealRedis } from '../../../../test/support/real-redis';

const MODEL = 'tiny';

describe('FleetModelsService.assertServed (real Redis heartbeats)', () => {
  const real = useRealRedis();
  let registry: WorkerRegistry;
  let fleet: FleetModelsService;

  const outcome = (kind?: 'cross-encoder' | 'bi-encoder') =>
    fleet.assertServed(MODEL, kind).then(
      () => 'served',
      (error: unknown) => error,
    );

  beforeEach(() => {
    registry = new WorkerRegistry(real.redis, real.prefix);
    fleet = new FleetModelsService({ queuePrefix: real.prefix, models: [MODEL] } as GatewayConfig, registry);
  });

  it('answers 503 while no worker serves the model, and serves at once when one starts', async () => {
    expect(await outcome('cross-encoder')).toBeInstanceOf(ServiceUnavailableException);
    await registry.beat(MODEL, 'w1', Date.now(), { maxLength: 512, fingerprint: 'a', kind: 'cross-encoder' });
    expect(await outcome('cross-encoder')).toBe('served');
  });

  it('returns how many workers serve the model, which the dispatcher cuts requests by', async () => {
    await registry.beat(MODEL, 'w1', Date.now(), { maxLength: 512, fingerprint: 'a', kind: 'cross-encoder' });
    await registry.beat(MODEL, 'w2', Date.now(), { maxLength: 512, fingerprint: 'a', kind: 'cross-encoder' });
    expect(await fleet.assertServed(MODEL, 'cross-encoder')).toBe(2);
  });

  it('answers 400 naming the kind when the workers serve the other kind', async () => {
    await registry.beat(MODEL, 'w1', Date.now(), { maxLength: 512, fingerprint: 'a', kind: 'bi-encoder' });
    const error = await outcome('cross-encoder');
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toMatch(/^model "tiny" is a bi-encoder/);
  });

  it('answers 503 soon after the last worker leaves, though a served model is not asked again on every request', async () => {
    await registry.beat(MODEL, 'w1', Date.now(), { maxLength: 512, fingerprint: 'a', kind: 'cross-encoder' });
    expect(await outcome('cross-encoder')).toBe('served');
    await registry.leave(MODEL, 'w1');
    await waitUntil('the departure to be seen', async () => (await outcome('cross-encoder')) instanceof ServiceUnavailableException, {
      timeoutMs: 2_000,
    });
  });
});
