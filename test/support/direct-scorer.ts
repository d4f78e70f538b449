import { CrossEncoderScorer, DynamicBatcherOptions } from '@rerank/scoring';
import { TINY_FIXTURE_DIR } from './fixtures';

export interface DirectScorerOptions {
  /** Model directory (default: the tiny fixture). */
  source?: string;
  maxLength?: number;
  /** Default: one pair per ONNX run, so the reference scores owe nothing to batching. */
  batch?: DynamicBatcherOptions;
}

/** The model loaded in the test process, to score pairs directly and compare with the fleet's answers. */
export function loadDirectScorer(options: DirectScorerOptions = {}): Promise<CrossEncoderScorer> {
  const model = { source: options.source ?? TINY_FIXTURE_DIR, file: 'onnx/model.onnx' };
  return CrossEncoderScorer.load({
    model: options.maxLength === undefined ? model : { ...model, maxLength: options.maxLength },
    runtime: { executionProvider: 'cpu', cudaDevice: 0, intraOpThreads: 1 },
    batch: options.batch ?? { maxTokens: 1, maxRows: 1, maxWaitMs: 0, roundTokens: 1 },
  });
}
