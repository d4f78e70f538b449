import { WorkerConfig } from '@rerank/config';
import { BatchRun, CrossEncoderScorer } from '@rerank/scoring';
import type { WorkerMetrics } from '../metrics/worker-metrics';

/** The loaded scorer of every model this worker serves, by model name. */
export class ModelScorers {
  private constructor(private readonly scorers: ReadonlyMap<string, CrossEncoderScorer>) {}

  /**
   * Loads the models one after another: each holds its own ONNX session and batcher, so one
   * model's traffic never waits in another's batch. With `metrics`, each batcher reports its
   * ONNX runs there under its model's name.
   */
  static async load(config: WorkerConfig, metrics?: WorkerMetrics): Promise<ModelScorers> {
    const scorers = new Map<string, CrossEncoderScorer>();
    for (const model of config.models) {
      const onRun = metrics && ((run: BatchRun) => metrics.recordRun(model.name, run));
      scorers.set(
        model.name,
        await CrossEncoderScorer.load({
          model,
          runtime: config.runtime,
          batch: { ...config.batch, onRun },
          tokenizerThreads: config.tokenizerThreads,
        }),
      );
    }
    return new ModelScorers(scorers);
  }

  get names(): string[] {
    return [...this.scorers.keys()];
  }

  get(model: string): CrossEncoderScorer {
    const scorer = this.scorers.get(model);
    if (!scorer) throw new Error(`model "${model}" is not loaded here (this worker serves ${this.names.join(', ')})`);
    return scorer;
  }

  entries(): [string, CrossEncoderScorer][] {
    return [...this.scorers.entries()];
  }
}
