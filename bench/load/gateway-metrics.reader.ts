/** Value of a sample line (`name{labels} value`) as a number; NaN for anything else. */
const sampleValue = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));

/**
 * prom-client's `process_resident_memory_bytes` in a Prometheus text exposition, whatever its
 * prefix (the gateway's is `rerank_gateway_`); null when absent.
 */
export function parseResidentMemoryBytes(metrics: string): number | null {
  const line = metrics.split('\n').find((text) => /^[a-zA-Z_:]*process_resident_memory_bytes(\{[^}]*\})? /.test(text));
  const value = line === undefined ? Number.NaN : sampleValue(line);
  return Number.isFinite(value) ? value : null;
}

/**
 * Jobs in every model's interactive queue, in any state (`rerank_queue_jobs`, summed); null when
 * absent. The bulk lane is left out: a bulk job running beside the load is not work the load left
 * behind. A gateway from before the `lane` label reported the interactive queue only.
 */
export function parseQueuedJobs(metrics: string): number | null {
  const lines = metrics
    .split('\n')
    .filter((text) => text.startsWith('rerank_queue_jobs{'))
    .filter((text) => !text.includes('lane="') || text.includes('lane="interactive"'));
  if (lines.length === 0) return null;
  return lines.reduce((sum, line) => sum + (sampleValue(line) || 0), 0);
}

/** Reads a gateway's GET /metrics (with the run's API key: /metrics is not public when keys are set). */
export class GatewayMetricsReader {
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async text(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`, { headers: this.headers, signal: AbortSignal.timeout(5_000) });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${this.url}/metrics answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  }

  async residentMemoryBytes(): Promise<number> {
    const bytes = parseResidentMemoryBytes(await this.text());
    if (bytes === null) throw new Error(`${this.url}/metrics has no process_resident_memory_bytes`);
    return bytes;
  }

  /**
   * Waits until the fleet's queues are empty (work a phase left behind is done), polling every
   * half second; gives up quietly after `timeoutMs`, or when the gateway reports no queue depth.
   * Returns whether the queues were seen empty.
   */
  async waitForEmptyQueues(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const jobs = await this.text().then(parseQueuedJobs, () => null);
      if (jobs === null) return false;
      if (jobs === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return false;
  }
}
