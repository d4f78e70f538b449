import { parseQueuedJobs, parseResidentMemoryBytes } from './gateway-metrics.reader';

const exposition = `# HELP rerank_gateway_process_resident_memory_bytes Resident memory size in bytes.
# TYPE rerank_gateway_process_resident_memory_bytes gauge
rerank_gateway_process_resident_memory_bytes 123731968
# HELP rerank_queue_jobs Scoring jobs by model, lane (interactive: requests, bulk: bulk job batches) and state
# TYPE rerank_queue_jobs gauge
rerank_queue_jobs{model="minilm-l6",lane="interactive",state="waiting"} 7
rerank_queue_jobs{model="minilm-l6",lane="interactive",state="active"} 8
rerank_queue_jobs{model="minilm-l6",lane="interactive",state="delayed"} 0
rerank_queue_jobs{model="minilm-l6",lane="bulk",state="waiting"} 500
rerank_queue_jobs{model="minilm-l12",lane="interactive",state="waiting"} 1
rerank_queue_jobs_other 99
`;

describe('parseResidentMemoryBytes', () => {
  it("reads prom-client's resident memory whatever its prefix", () => {
    expect(parseResidentMemoryBytes(exposition)).toBe(123_731_968);
    expect(parseResidentMemoryBytes('process_resident_memory_bytes 42\n')).toBe(42);
  });

  it('returns null when the gateway does not expose it', () => {
    expect(parseResidentMemoryBytes('rerank_workers{model="m"} 1\n')).toBeNull();
  });
});

describe('parseQueuedJobs', () => {
  it("sums every model's interactive jobs in every state, leaving bulk batches out", () => {
    expect(parseQueuedJobs(exposition)).toBe(16);
  });

  it('sums every line of a gateway without the lane label (interactive only then)', () => {
    expect(parseQueuedJobs('rerank_queue_jobs{model="m",state="waiting"} 3\nrerank_queue_jobs{model="m",state="active"} 2\n')).toBe(5);
  });

  it('returns null when there is no queue gauge', () => {
    expect(parseQueuedJobs('process_resident_memory_bytes 42\n')).toBeNull();
  });
});
