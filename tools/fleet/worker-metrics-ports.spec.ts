import { workerMetricsPorts } from './worker-metrics-ports';

describe('workerMetricsPorts', () => {
  it('returns one port per replica, counting up from WORKER_METRICS_PORT', () => {
    expect(workerMetricsPorts(9464, 3, 3000)).toEqual([9464, 9465, 9466]);
    expect(workerMetricsPorts(65_535, 1, 3000)).toEqual([65_535]);
  });

  it('returns null when the endpoint is off', () => {
    expect(workerMetricsPorts(0, 4, 3000)).toBeNull();
  });

  it("names WORKER_METRICS_PORT when the range runs past 65535 or covers the gateway's port", () => {
    expect(() => workerMetricsPorts(65_535, 2, 3000)).toThrow(/^WORKER_METRICS_PORT 65535 \+ 2 replicas runs past port 65535/);
    expect(() => workerMetricsPorts(2999, 2, 3000)).toThrow(/^WORKER_METRICS_PORT 2999–3000 .* PORT 3000/);
  });
});
