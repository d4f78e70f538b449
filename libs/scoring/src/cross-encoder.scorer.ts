import { existsSync } from 'node:fs';
import { BatchLimits, planBatches } from './batching/plan-batches';
import { padBatch } from './batching/pad-batch';
import { EncodedPair } from './tokenizer/encoded-pair';
import { ModelSource, resolveModel } from './model/resolve-model';
import { OnnxCrossEncoder } from './onnx/onnx-cross-encoder';
import { RuntimeOptions } from './onnx/execution-provider';
import { PairTokenizer } from './tokenizer';

export interface ScoredPairs {
  /** One raw logit per document, in the order the documents were given. */
  logits: number[];
  paddedTokens: number;
  realTokens: number;
  /** ONNX runs this call needed. */
  runs: number;
}

export interface CrossEncoderOptions {
  model: ModelSource;
  runtime: RuntimeOptions;
  batch: BatchLimits;
}

/**
 * Scores (query, document) pairs: tokenizes `[CLS] query [SEP] document [SEP]`, packs pairs
 * of similar length into runs within the token budget, and runs the ONNX session.
 */
export class CrossEncoderScorer {
  private constructor(
    private readonly tokenizer: PairTokenizer,
    private readonly encoder: OnnxCrossEncoder,
    readonly maxLength: number,
    readonly modelPath: string,
    private readonly limits: BatchLimits,
  ) {}

  static async load(options: CrossEncoderOptions): Promise<CrossEncoderScorer> {
    const files = await resolveModel(options.model, existsSync);
    const tokenizer = await PairTokenizer.load(files.dir);
    const encoder = await OnnxCrossEncoder.load(files.onnxPath, options.runtime);
    return new CrossEncoderScorer(tokenizer, encoder, files.maxLength, files.onnxPath, options.batch);
  }

  encode(query: string, documents: readonly string[]): EncodedPair[] {
    return this.tokenizer.encodePairs(query, [...documents], this.maxLength);
  }

  async score(query: string, documents: readonly string[]): Promise<ScoredPairs> {
    return this.scoreEncoded(this.encode(query, documents));
  }

  async scoreEncoded(pairs: readonly EncodedPair[]): Promise<ScoredPairs> {
    const logits = new Array<number>(pairs.length);
    const plan = planBatches(
      pairs.map((pair) => pair.inputIds.length),
      this.limits,
    );
    let paddedTokens = 0;
    let realTokens = 0;
    for (const positions of plan) {
      const batch = padBatch(positions.map((position) => pairs[position]));
      const batchLogits = await this.encoder.run(batch);
      positions.forEach((position, row) => (logits[position] = batchLogits[row]));
      paddedTokens += batch.paddedTokens;
      realTokens += batch.realTokens;
    }
    return { logits, paddedTokens, realTokens, runs: plan.length };
  }

  async release(): Promise<void> {
    await this.encoder.release();
  }
}
