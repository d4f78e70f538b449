import { WorkerConfig, WorkerModelConfig } from '@rerank/config';
import type { ModelKind } from '@rerank/contracts';
import { BatchRun, BiEncoderEmbedder, CrossEncoderScorer, resolveModelKind } from '@rerank/scoring';
import type { WorkerMetrics } from '../metrics/worker-metrics';

/** A worker model whose kind is known, from RERANK_MODELS or from its files. */
export type KindedModelConfig = WorkerModelConfig & { kind: ModelKind };

/** A served model as heartbeats and the start-up line describe it. */
export interface ServedModel {
  name: string;
  kind: ModelKind;
  modelPath: string;
  fingerprint: string;
  maxLength: number;
  /** Vector length (bi-encoders only). */
  dimensions?: number;
  /** OS threads of its ONNX session and tokenizers (Linux), for per-thread CPU accounting. */
  threads: { onnx?: number; tokenizers: number[] };
}

/**
 * Settles each model's kind before anything is bound to its queues: the kind set in
 * RERANK_MODELS, else what its directory shows (a hub model's files are fetched first).
 */
export async function withModelKinds(config: WorkerConfig): Promise<WorkerConfig & { models: KindedModelConfig[] }> {
  const models: KindedModelConfig[] = [];
  for (const model of config.models) models.push({ ...model, kind: await resolveModelKind(model) });
  return { ...config, models };
}

/** The kind of a worker model; a config whose kinds were never settled is a programming error. */
export function kindOf(model: WorkerModelConfig): ModelKind {
  if (!model.kind) throw new Error(`the kind of model "${model.name}" was not settled before start-up (see withModelKinds)`);
  return model.kind;
}

/** The loaded model of every model this worker serves, by name: a scorer per cross-encoder, an embedder per bi-encoder. */
export class ModelScorers {
  private constructor(
    private readonly scorers: ReadonlyMap<string, CrossEncoderScorer>,
    private readonly embedders: ReadonlyMap<string, BiEncoderEmbedder>,
  ) {}

  /**
   * Loads the models one after another: each holds its own ONNX session and batcher, so one
   * model's traffic never waits in another's batch. With `metrics`, each batcher reports its
   * ONNX runs there under its model's name.
   */
  static async load(config: WorkerConfig, metrics?: WorkerMetrics): Promise<ModelScorers> {
    const scorers = new Map<string, CrossEncoderScorer>();
    const embedders = new Map<string, BiEncoderEmbedder>();
    for (const model of config.models) {
      const onRun = metrics && ((run: BatchRun) => metrics.recordRun(model.name, run));
      const options = { model, runtime: config.runtime, batch: { ...config.batch, onRun } };
      // A bi-encoder tokenizes each text once, on the main thread: far less work per row than a pair's windows.
      if (kindOf(model) === 'bi-encoder') embedders.set(model.name, await BiEncoderEmbedder.load(options));
      else scorers.set(model.name, await CrossEncoderScorer.load({ ...options, tokenizerThreads: config.tokenizerThreads }));
    }
    return new ModelScorers(scorers, embedders);
  }

  get names(): string[] {
    return [...this.scorers.keys(), ...this.embedders.keys()];
  }

  /** The cross-encoder `model`; throws when it is not loaded here or is a bi-encoder. */
  get(model: string): CrossEncoderScorer {
    const scorer = this.scorers.get(model);
    if (scorer) return scorer;
    if (this.embedders.has(model)) throw new Error(`model "${model}" is a bi-encoder; it embeds texts and cannot score pairs`);
    throw new Error(`model "${model}" is not loaded here (this worker serves ${this.names.join(', ')})`);
  }

  /** The bi-encoder `model`; throws when it is not loaded here or is a cross-encoder. */
  embedder(model: string): BiEncoderEmbedder {
    const embedder = this.embedders.get(model);
    if (embedder) return embedder;
    if (this.scorers.has(model)) throw new Error(`model "${model}" is a cross-encoder; it scores pairs and cannot embed texts`);
    throw new Error(`model "${model}" is not loaded here (this worker serves ${this.names.join(', ')})`);
  }

  /** The cross-encoders, by name. */
  entries(): [string, CrossEncoderScorer][] {
    return [...this.scorers.entries()];
  }

  /** Every served model, both kinds. */
  served(): ServedModel[] {
    return [
      ...[...this.scorers].map(([name, scorer]): ServedModel => ({
        name,
        kind: 'cross-encoder',
        modelPath: scorer.modelPath,
        fingerprint: scorer.fingerprint,
        maxLength: scorer.maxLength,
        threads: scorer.threadIds,
      })),
      ...[...this.embedders].map(([name, embedder]): ServedModel => ({
        name,
        kind: 'bi-encoder',
        modelPath: embedder.modelPath,
        fingerprint: embedder.fingerprint,
        maxLength: embedder.maxLength,
        dimensions: embedder.dimensions,
        threads: { onnx: embedder.threadId, tokenizers: [] },
      })),
    ];
  }
}
