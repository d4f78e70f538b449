import { parseQueuedJobs, parseResidentMemoryBytes } from './gateway-metrics.reader';

const exposition = `# HELP rerank_gateway_process_resident_memory_bytes Resident memory size in bytes.
# TYPE rerank_gateway_process_resident_memory_bytes gauge
rerank_gateway_process_resident_memory_bytes 123731968
# HELP rerank_queue_jobs Scoring jobs in the interactive queue by model and state
# TYPE rerank_queue_jobs gauge
rerank_queue_jobs{model="minilm-l6",state="waiting"} 7
rerank_queue_jobs{model="minilm-l6",state="active"} 8
rerank_queue_jobs{model="minilm-l6",state="delayed"} 0
rerank_queue_jobs_other 99
`;

describe('parseResidentMemoryBytes', () => {
  it('reads prom-client\'s resident memory whatever its prefix', () => {
    expect(parseResidentMemoryBytes(exposition)).toBe(123_731_968);
    expect(parseResidentMemoryBytes('process_resident_memory_bytes 42\n')).toBe(42);
  });

  it('returns null when the gateway does not expose it', () => {
    expect(parseResidentMemoryBytes('rerank_workers{model="m"} 1\n')).toBeNull();
  });
});

describe('parseQueuedJobs', () => {
  it('sums every model\'s jobs in every state', () => {
    expect(parseQueuedJobs(exposition)).toBe(15);
  });

  it('returns null when there is no queue gauge', () => {
    expect(parseQueuedJobs('process_resident_memory_bytes 42\n')).toBeNull();
  });
});
