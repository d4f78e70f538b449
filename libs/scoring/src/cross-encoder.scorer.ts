import { existsSync } from 'node:fs';
import { BatchedScores, DynamicBatcher, DynamicBatcherOptions } from './batching/dynamic-batcher';
import { ModelSource, resolveModel } from './model/resolve-model';
import { OnnxCrossEncoder } from './onnx/onnx-cross-encoder';
import { RuntimeOptions } from './onnx/execution-provider';
import { EncodedPair } from './tokenizer/encoded-pair';
import { PairTokenizer } from './tokenizer';

export type ScoredPairs = BatchedScores;

export interface CrossEncoderOptions {
  model: ModelSource;
  runtime: RuntimeOptions;
  batch: DynamicBatcherOptions;
}

/**
 * Scores (query, document) pairs: tokenizes `[CLS] query [SEP] document [SEP]` and hands the
 * pairs to a dynamic batcher that shares ONNX runs between concurrent callers.
 */
export class CrossEncoderScorer {
  private readonly batcher: DynamicBatcher;

  private constructor(
    private readonly tokenizer: PairTokenizer,
    private readonly encoder: OnnxCrossEncoder,
    readonly maxLength: number,
    readonly modelPath: string,
    batch: DynamicBatcherOptions,
  ) {
    this.batcher = new DynamicBatcher((padded) => encoder.run(padded), batch);
  }

  static async load(options: CrossEncoderOptions): Promise<CrossEncoderScorer> {
    const files = await resolveModel(options.model, existsSync);
    const tokenizer = await PairTokenizer.load(files.dir);
    const encoder = await OnnxCrossEncoder.load(files.onnxPath, options.runtime);
    return new CrossEncoderScorer(tokenizer, encoder, files.maxLength, files.onnxPath, options.batch);
  }

  encode(query: string, documents: readonly string[]): EncodedPair[] {
    return this.tokenizer.encodePairs(query, [...documents], this.maxLength);
  }

  /** Scores one query against documents; rejects with DeadlineExceededError if `deadline` (epoch ms) passes first. */
  async score(query: string, documents: readonly string[], deadline?: number): Promise<ScoredPairs> {
    return this.batcher.score(this.encode(query, documents), deadline);
  }

  scoreEncoded(pairs: readonly EncodedPair[], deadline?: number): Promise<ScoredPairs> {
    return this.batcher.score(pairs, deadline);
  }

  /** Pairs waiting for an ONNX run in this process. */
  get backlog(): number {
    return this.batcher.backlog;
  }

  async release(): Promise<void> {
    await this.encoder.release();
  }
}
