/**
 * The WORKER_METRICS_PORT of each of `replicas` workers on one host: `base + i` for replica i, so
 * they do not fight over one port; none when `base` is 0 (endpoint off). Throws, naming the
 * variable, when the range runs past 65535 or covers the gateway's PORT.
 */
export function workerMetricsPorts(base: number, replicas: number, gatewayPort: number): number[] | null {
  if (base === 0) return null;
  const last = base + replicas - 1;
  if (last > 65_535) {
    throw new Error(`WORKER_METRICS_PORT ${base} + ${replicas} replicas runs past port 65535; choose a lower port`);
  }
  if (gatewayPort >= base && gatewayPort <= last) {
    throw new Error(
      `WORKER_METRICS_PORT ${base}–${last} (one port per replica) includes the gateway's PORT ${gatewayPort}; choose another range`,
    );
  }
  return Array.from({ length: replicas }, (_, i) => base + i);
}
