import { existsSync } from 'node:fs';
import { BatchedScores, DynamicBatcher, DynamicBatcherOptions } from './batching/dynamic-batcher';
import { modelFingerprint } from './model/model-fingerprint';
import { ModelSource, resolveModel } from './model/resolve-model';
import { OnnxCrossEncoder } from './onnx/onnx-cross-encoder';
import { RuntimeOptions } from './onnx/execution-provider';
import { Lane, type ChunkAggregation, type ChunkSpan } from '@rerank/contracts';
import { aggregateWindows } from './ranking/aggregate-windows';
import { EncodedPair } from './tokenizer/encoded-pair';
import { InlinePairEncoder, PairEncoder, PairTokenizer, TokenizerPool, TruncationDirection, WindowOptions } from './tokenizer';

export type ScoredPairs = BatchedScores;

/** How long documents are read and their windows' scores combined. */
export interface DocumentScoringOptions extends WindowOptions {
  aggregation: ChunkAggregation;
  /** Windows `mean` averages. */
  meanTopK: number;
}

/** When a submission's pairs run. */
export interface ScoringSchedule {
  /** Epoch ms; past it the submission is rejected with DeadlineExceededError instead of scored. */
  deadline?: number;
  /** Pairs in the bulk lane run only when no interactive pair waits (see DynamicBatcher). Default: interactive. */
  lane?: Lane;
}

/** How documents cut to one window are scored. */
export interface PairScoringOptions extends ScoringSchedule {
  /** Document tokens read at most. */
  maxDocumentTokens?: number;
  /** `left`: a too-long document keeps its end. Default `right`: its start. */
  truncationDirection?: TruncationDirection;
}

export interface ScoredDocument {
  logit: number;
  /** Windows the document was read in. */
  windows: number;
  /** The winning window; absent when the document was one window. */
  bestChunk?: ChunkSpan;
  /** Real (unpadded) tokens of the document's pairs, all windows together. */
  tokens: number;
}

export interface ScoredDocuments {
  /** One entry per document, in submission order. */
  documents: ScoredDocument[];
  paddedTokens: number;
  realTokens: number;
  /** ONNX time spent on these documents' pairs (see BatchedScores.busyMs). */
  busyMs: number;
}

export interface CrossEncoderOptions {
  model: ModelSource;
  runtime: RuntimeOptions;
  /** Run limits, and `onRun`: an observer of every ONNX run (how the worker records its metrics). */
  batch: DynamicBatcherOptions;
  /** Threads that tokenize (WORKER_TOKENIZER_THREADS); 0 or absent tokenizes on the calling thread. */
  tokenizerThreads?: number;
}

/**
 * Scores (query, document) pairs: tokenizes `[CLS] query [SEP] document [SEP]` and hands the
 * pairs to a dynamic batcher that shares ONNX runs between concurrent callers.
 */
export class CrossEncoderScorer {
  private readonly batcher: DynamicBatcher;

  private constructor(
    private readonly tokenizer: PairEncoder,
    private readonly encoder: OnnxCrossEncoder,
    readonly maxLength: number,
    readonly modelPath: string,
    /** `modelFingerprint` of the loaded files: what the score cache keys on, besides `maxLength`. */
    readonly fingerprint: string,
    batch: DynamicBatcherOptions,
  ) {
    this.batcher = new DynamicBatcher((padded) => encoder.run(padded), batch);
  }

  static async load(options: CrossEncoderOptions): Promise<CrossEncoderScorer> {
    const files = await resolveModel(options.model, existsSync);
    const threads = options.tokenizerThreads ?? 0;
    const [tokenizer, encoder, fingerprint] = await Promise.all([
      threads > 0 ? TokenizerPool.start(files.dir, threads) : PairTokenizer.load(files.dir).then((loaded) => new InlinePairEncoder(loaded)),
      OnnxCrossEncoder.load(files.onnxPath, options.runtime),
      modelFingerprint(files),
    ]);
    return new CrossEncoderScorer(tokenizer, encoder, files.maxLength, files.onnxPath, fingerprint, options.batch);
  }

  /** Pairs of `query` with each document, truncated to the model's window (and to `maxDocumentTokens` document tokens). */
  encode(
    query: string,
    documents: readonly string[],
    maxDocumentTokens?: number,
    direction: TruncationDirection = 'right',
  ): Promise<EncodedPair[]> {
    return this.tokenizer.encodePairs(query, documents, this.maxLength, maxDocumentTokens, direction);
  }

  /** Scores one query against documents, each truncated to one window. */
  async score(query: string, documents: readonly string[], options: PairScoringOptions = {}): Promise<ScoredPairs> {
    const pairs = await this.encode(query, documents, options.maxDocumentTokens, options.truncationDirection);
    return this.scoreEncoded(pairs, options);
  }

  /**
   * Scores one query against documents, reading each long document in windows. All windows of
   * all documents go to the batcher as one submission, so they share ONNX runs with every other
   * job's pairs and are length-sorted with them like any pair.
   */
  async scoreDocuments(
    query: string,
    documents: readonly string[],
    options: DocumentScoringOptions & ScoringSchedule,
  ): Promise<ScoredDocuments> {
    const { deadline, lane, aggregation, meanTopK, ...windows } = options;
    // `first` looks at the first window only; scoring the others would be wasted work.
    const reading = aggregation === 'first' ? { ...windows, maxWindows: 1 } : windows;
    const perDocument = await this.tokenizer.encodeWindows(query, documents, this.maxLength, reading);
    const scored = await this.scoreEncoded(
      perDocument.flatMap((windows) => windows.map((window) => window.pair)),
      { deadline, lane },
    );
    let next = 0;
    const results = perDocument.map((windows): ScoredDocument => {
      const logits = scored.logits.slice(next, (next += windows.length));
      const { logit, best } = aggregateWindows(logits, aggregation, meanTopK);
      const span = windows[best].span;
      const tokens = windows.reduce((sum, window) => sum + window.pair.inputIds.length, 0);
      return span ? { logit, windows: windows.length, bestChunk: span, tokens } : { logit, windows: windows.length, tokens };
    });
    return { documents: results, paddedTokens: scored.paddedTokens, realTokens: scored.realTokens, busyMs: scored.busyMs };
  }

  scoreEncoded(pairs: readonly EncodedPair[], { deadline, lane = Lane.Interactive }: ScoringSchedule = {}): Promise<ScoredPairs> {
    return this.batcher.score(pairs, deadline, lane);
  }

  /** OS thread ids (Linux) of the model's session thread and its tokenizer threads, for CPU accounting. */
  get threadIds(): { onnx?: number; tokenizers: number[] } {
    return { onnx: this.encoder.threadId, tokenizers: this.tokenizer.threadIds };
  }

  /** Pairs waiting for an ONNX run in this process. */
  get backlog(): number {
    return this.batcher.backlog;
  }

  async release(): Promise<void> {
    await Promise.all([this.encoder.release(), this.tokenizer.close()]);
  }
}
