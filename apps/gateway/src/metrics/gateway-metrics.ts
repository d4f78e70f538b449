import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Lane } from '@rerank/contracts';

/** Reads the fleet's state when Prometheus scrapes, so gauges are never stale. */
export interface FleetGaugeSource {
  models(): string[];
  /** Jobs by state in the model's queue of one lane. */
  queueDepth(model: string, lane: Lane): Promise<Record<string, number>>;
  liveWorkers(model: string): Promise<number>;
  /** Pairs waiting or being scored in the model's interactive queue, fleet-wide. */
  queuedPairs?(model: string): Promise<number>;
}

/** The gateway's Prometheus metrics, in one registry of their own. */
export class GatewayMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'rerank_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'rerank_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly pairs = new Counter({
    name: 'rerank_pairs_scored_total',
    help: 'Query-document pairs scored by the fleet, by model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  private readonly tokens = new Counter({
    name: 'rerank_tokens_total',
    help: 'Tokens fed to the model by kind: real, or padded (real + padding); padded/real is the padding ratio',
    labelNames: ['model', 'kind'] as const,
    registers: [this.registry],
  });

  private readonly cacheLookups = new Counter({
    name: 'rerank_score_cache_lookups_total',
    help: 'Documents looked up in the score cache by model and result (hit, miss)',
    labelNames: ['model', 'result'] as const,
    registers: [this.registry],
  });

  private readonly backpressureRejections = new Counter({
    name: 'rerank_backpressure_rejections_total',
    help: "Requests refused with 429 because the model's interactive queue held more than RERANK_MAX_QUEUED_PAIRS pairs",
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  private readonly deadlineOverruns = new Counter({
    name: 'rerank_deadline_overruns_total',
    help: 'Requests whose deadline passed with scoring jobs unfinished, by model (answered partial or 504)',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  private readonly unscoredDocuments = new Counter({
    name: 'rerank_unscored_documents_total',
    help: "Documents left unscored because their request's deadline passed first, by model",
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  /** Hits and lookups per model since start, for the ratio gauge. */
  private readonly cacheTally = new Map<string, { hits: number; lookups: number }>();

  constructor(source: FleetGaugeSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'rerank_gateway_' });
    const cacheTally = this.cacheTally;
    new Gauge({
      name: 'rerank_score_cache_hit_ratio',
      help: 'Score cache hits / lookups by model since this gateway started (for recent ratios use the lookups counter)',
      labelNames: ['model'] as const,
      registers: [this.registry],
      collect() {
        for (const [model, { hits, lookups }] of cacheTally) this.set({ model }, hits / lookups);
      },
    });
    new Gauge({
      name: 'rerank_queue_jobs',
      help: 'Scoring jobs by model, lane (interactive: requests, bulk: bulk job batches) and state',
      labelNames: ['model', 'lane', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const lanes = source.models().flatMap((model) => [Lane.Interactive, Lane.Bulk].map((lane) => ({ model, lane })));
        const depths = await Promise.all(lanes.map(({ model, lane }) => source.queueDepth(model, lane).catch(() => ({}))));
        depths.forEach((counts, i) => {
          for (const [state, count] of Object.entries(counts)) this.set({ ...lanes[i], state }, count);
        });
      },
    });
    new Gauge({
      name: 'rerank_queued_pairs',
      help: 'Pairs waiting or being scored in the interactive queue by model, fleet-wide, read at scrape time',
      labelNames: ['model'] as const,
      registers: [this.registry],
      async collect() {
        for (const model of source.models()) {
          const pairs = await source.queuedPairs?.(model).catch(() => undefined);
          if (pairs !== undefined) this.set({ model }, pairs);
        }
      },
    });
    new Gauge({
      name: 'rerank_workers',
      help: 'Live workers per model, from their heartbeats',
      labelNames: ['model'] as const,
      registers: [this.registry],
      async collect() {
        for (const model of source.models()) {
          const workers = await source.liveWorkers(model).catch(() => undefined);
          if (workers !== undefined) this.set({ model }, workers);
        }
      },
    });
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  recordCacheLookups(model: string, hits: number, misses: number): void {
    if (hits + misses === 0) return;
    this.cacheLookups.inc({ model, result: 'hit' }, hits);
    this.cacheLookups.inc({ model, result: 'miss' }, misses);
    const tally = this.cacheTally.get(model) ?? { hits: 0, lookups: 0 };
    this.cacheTally.set(model, { hits: tally.hits + hits, lookups: tally.lookups + hits + misses });
  }

  recordDeadlineOverrun(model: string, unscoredDocuments: number): void {
    this.deadlineOverruns.inc({ model });
    this.unscoredDocuments.inc({ model }, unscoredDocuments);
  }

  recordBackpressureRejection(model: string): void {
    this.backpressureRejections.inc({ model });
  }

  recordScored(model: string, pairs: number, realTokens: number, paddedTokens: number): void {
    this.pairs.inc({ model }, pairs);
    this.tokens.inc({ model, kind: 'real' }, realTokens);
    this.tokens.inc({ model, kind: 'padded' }, paddedTokens);
  }
}
