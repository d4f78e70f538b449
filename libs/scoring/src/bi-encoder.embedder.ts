import { existsSync } from 'node:fs';
import { Lane, type ModelKind, type TruncationDirection } from '@rerank/contracts';
import { DynamicBatcher, DynamicBatcherOptions } from './batching/dynamic-batcher';
import { inspectBiEncoder, detectModelKind } from './model/bi-encoder-layout';
import { modelFingerprint } from './model/model-fingerprint';
import { ModelSource, resolveModel } from './model/resolve-model';
import { RuntimeOptions } from './onnx/execution-provider';
import { OnnxBiEncoder } from './onnx/onnx-bi-encoder';
import { PairTokenizer } from './tokenizer';

export interface BiEncoderOptions {
  model: ModelSource;
  runtime: RuntimeOptions;
  /** Run limits, and `onRun`: an observer of every ONNX run (how the worker records its metrics). */
  batch: DynamicBatcherOptions;
}

export interface EmbedTextsOptions {
  /** Epoch ms after which nobody wants the vectors (DeadlineExceededError). */
  deadline?: number;
  lane?: Lane;
  /** L2-normalise each vector (default true). */
  normalize?: boolean;
  truncationDirection?: TruncationDirection;
}

export interface EmbeddedTexts {
  /** One vector per text, in input order. */
  vectors: Float32Array[];
  /** Positions of the texts longer than the model's window, embedded truncated. */
  truncated: number[];
  paddedTokens: number;
  realTokens: number;
  /** ONNX time spent on these texts (see BatchedScores.busyMs). */
  busyMs: number;
}

/** Divides `vector` by its L2 norm, in place (a zero vector stays zero, as torch's normalize leaves it). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let squares = 0;
  for (let k = 0; k < vector.length; k++) squares += vector[k] * vector[k];
  const scale = 1 / Math.max(Math.sqrt(squares), 1e-12);
  for (let k = 0; k < vector.length; k++) vector[k] *= scale;
  return vector;
}

/**
 * The kind of a model source: the one set by hand, else what its directory shows (fetching a
 * hub model's files first). The worker asks before it binds a consumer to the model's queues.
 */
export async function resolveModelKind(model: ModelSource): Promise<ModelKind> {
  if (model.kind) return model.kind;
  const files = await resolveModel(model, existsSync);
  return detectModelKind(files.dir);
}

/**
 * Embeds texts with a bi-encoder (a BERT encoder, its token embeddings pooled as its
 * 1_Pooling/config.json says, then L2-normalised): `[CLS] text [SEP]` per text, through the
 * same dynamic batcher as a cross-encoder's pairs, so concurrent requests share ONNX runs and
 * the bulk lane yields to the interactive one.
 */
export class BiEncoderEmbedder {
  private readonly batcher: DynamicBatcher<Float32Array>;

  private constructor(
    private readonly tokenizer: PairTokenizer,
    private readonly encoder: OnnxBiEncoder,
    readonly maxLength: number,
    readonly modelPath: string,
    /** `modelFingerprint` of the loaded files. */
    readonly fingerprint: string,
    batch: DynamicBatcherOptions,
  ) {
    this.batcher = new DynamicBatcher<Float32Array>((padded) => encoder.run(padded), batch);
  }

  static async load(options: BiEncoderOptions): Promise<BiEncoderEmbedder> {
    const files = await resolveModel({ ...options.model, kind: 'bi-encoder' }, existsSync);
    const layout = inspectBiEncoder(files.dir);
    // sentence-transformers reads at most max_seq_length tokens (256 for all-MiniLM-L6-v2), fewer than the position table.
    const maxLength =
      options.model.maxLength === undefined && layout.maxSeqLength !== undefined
        ? Math.min(files.maxLength, layout.maxSeqLength)
        : files.maxLength;
    const tokenizer = await PairTokenizer.load(files.dir);
    const [encoder, fingerprint] = await Promise.all([
      OnnxBiEncoder.load(files.onnxPath, options.runtime, layout.pooling, layout.dimensions),
      modelFingerprint(files),
    ]);
    return new BiEncoderEmbedder(tokenizer, encoder, maxLength, files.onnxPath, fingerprint, options.batch);
  }

  /** Length of every vector. */
  get dimensions(): number {
    return this.encoder.dimensions;
  }

  async embed(texts: readonly string[], options: EmbedTextsOptions = {}): Promise<EmbeddedTexts> {
    const { encoded, truncated } = this.tokenizer.encodeTexts(texts, this.maxLength, options.truncationDirection);
    const batched = await this.batcher.score(encoded, options.deadline, options.lane ?? Lane.Interactive);
    // Copies out of the run's shared buffer, so one kept vector does not pin a whole batch.
    const vectors = batched.logits.map((vector) => Float32Array.from(vector));
    if (options.normalize ?? true) vectors.forEach(normalizeInPlace);
    return { vectors, truncated, paddedTokens: batched.paddedTokens, realTokens: batched.realTokens, busyMs: batched.busyMs };
  }

  /** The OS thread of its ONNX session (Linux). */
  get threadId(): number | undefined {
    return this.encoder.threadId;
  }

  /** Texts waiting for an ONNX run in this process. */
  get backlog(): number {
    return this.batcher.backlog;
  }

  async release(): Promise<void> {
    await this.encoder.release();
  }
}
