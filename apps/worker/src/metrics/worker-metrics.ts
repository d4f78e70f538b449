import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatchRun } from '@rerank/scoring';

const LABELS = ['model', 'lane'] as const;

/**
 * A worker's Prometheus metrics, in one registry of their own: what each ONNX run of each model's
 * DynamicBatcher did, by lane, and the process's own metrics under `rerank_worker_`.
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  private readonly rows = new Histogram({
    name: 'rerank_worker_batch_rows',
    help: 'Pairs per ONNX run, by model and lane',
    labelNames: LABELS,
    // Powers of two up to RERANK_BATCH_ROWS' limit: runs are cut by rows or by padded tokens.
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
    registers: [this.registry],
  });

  private readonly paddingRatio = new Histogram({
    name: 'rerank_worker_batch_padding_ratio',
    help: 'Padded tokens (rows x longest pair) / real tokens per ONNX run, by model and lane; 1 is no padding',
    labelNames: LABELS,
    buckets: [1, 1.05, 1.1, 1.2, 1.35, 1.5, 2, 3, 5, 10],
    registers: [this.registry],
  });

  private readonly inference = new Histogram({
    name: 'rerank_worker_inference_seconds',
    help: 'Wall time of one ONNX run, by model and lane',
    labelNames: LABELS,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly pairs = new Counter({
    name: 'rerank_worker_pairs_scored_total',
    help: 'Pairs scored by this worker (a windowed document counts its windows), by model and lane',
    labelNames: LABELS,
    registers: [this.registry],
  });

  private readonly tokens = new Counter({
    name: 'rerank_worker_tokens_total',
    help: 'Tokens fed to the model by model, lane and kind: real, or padded (real + padding)',
    labelNames: [...LABELS, 'kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rerank_worker_' });
  }

  /** Records one ONNX run of `model`'s batcher. */
  recordRun(model: string, run: BatchRun): void {
    const labels = { model, lane: run.lane };
    this.rows.observe(labels, run.rows);
    if (run.realTokens > 0) this.paddingRatio.observe(labels, run.paddedTokens / run.realTokens);
    this.inference.observe(labels, run.seconds);
    this.pairs.inc(labels, run.rows);
    this.tokens.inc({ ...labels, kind: 'real' }, run.realTokens);
    this.tokens.inc({ ...labels, kind: 'padded' }, run.paddedTokens);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
