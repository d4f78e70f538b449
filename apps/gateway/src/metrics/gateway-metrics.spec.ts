import { Lane } from '@rerank/contracts';
import { FleetGaugeSource, GatewayMetrics } from './gateway-metrics';

function source(depth: FleetGaugeSource['queueDepth']): FleetGaugeSource {
  return { models: () => ['fast', 'big'], queueDepth: depth, liveWorkers: async () => 1 };
}

describe('GatewayMetrics', () => {
  it("returns the jobs of every model's interactive and bulk queue by state", async () => {
    const metrics = new GatewayMetrics(
      source(async (model, lane) => ({ waiting: model.length + (lane === Lane.Bulk ? 100 : 0), active: lane === Lane.Bulk ? 1 : 2 })),
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('rerank_queue_jobs{model="fast",lane="interactive",state="waiting"} 4');
    expect(text).toContain('rerank_queue_jobs{model="fast",lane="interactive",state="active"} 2');
    expect(text).toContain('rerank_queue_jobs{model="fast",lane="bulk",state="waiting"} 104');
    expect(text).toContain('rerank_queue_jobs{model="fast",lane="bulk",state="active"} 1');
    expect(text).toContain('rerank_queue_jobs{model="big",lane="interactive",state="waiting"} 3');
    expect(text).toContain('rerank_queue_jobs{model="big",lane="bulk",state="waiting"} 103');
  });

  it('returns the other queues when one cannot be read', async () => {
    const metrics = new GatewayMetrics(
      source(async (model, lane) => {
        if (model === 'fast' && lane === Lane.Bulk) throw new Error('Redis gone');
        return { waiting: 7 };
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('rerank_queue_jobs{model="fast",lane="interactive",state="waiting"} 7');
    expect(text).toContain('rerank_queue_jobs{model="big",lane="bulk",state="waiting"} 7');
    expect(text).not.toContain('rerank_queue_jobs{model="fast",lane="bulk"');
  });
});
