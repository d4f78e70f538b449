import { EncodedPair, inspectModelDirectory, padBatch, PairTokenizer, sessionOptionsFor } from '@rerank/scoring';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { BASELINE_BATCH_SIZE, WARMUP_PAIRS } from './bench.plan';
import { measureCost, PhaseCost, selfCpuSeconds } from './cpu.usage';
import type { BenchModel } from './fixture.cache';
import { median, ratePerSecond } from './latency.stats';
import type { RerankCall } from './workload.generator';

/** Throughput of an in-process baseline; tokenization and inference are timed apart. */
export interface BaselineResult extends PhaseCost {
  pairs_per_s: number | null;
  pairs: number;
  batch_size: number;
  batches: number;
  tokenize_ms: number;
  inference_ms: number;
  tokenize_ms_per_pair: number;
  inference_ms_per_batch_p50: number;
  real_tokens: number;
  padded_tokens: number;
  /** padded tokens / real tokens: 1.0 means no padding at all. */
  padding_ratio: number;
}

export type Progress = (message: string) => void;

/** Fixed chunks of `size` in order, the last one shorter. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export interface BaselineTiming {
  pairs: number;
  batches: number;
  tokenizeMs: number;
  batchMs: number[];
  realTokens: number;
  paddedTokens: number;
  cost: PhaseCost;
}

export function baselineResult(timing: BaselineTiming): BaselineResult {
  const inferenceMs = timing.batchMs.reduce((sum, ms) => sum + ms, 0);
  const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    pairs_per_s: ratePerSecond(timing.pairs, timing.tokenizeMs + inferenceMs),
    pairs: timing.pairs,
    batch_size: BASELINE_BATCH_SIZE,
    batches: timing.batches,
    tokenize_ms: round(timing.tokenizeMs),
    inference_ms: round(inferenceMs),
    tokenize_ms_per_pair: round(timing.tokenizeMs / timing.pairs, 3),
    inference_ms_per_batch_p50: round(median(timing.batchMs)),
    real_tokens: timing.realTokens,
    padded_tokens: timing.paddedTokens,
    padding_ratio: round(timing.paddedTokens / timing.realTokens, 3),
    ...timing.cost,
  };
}

/**
 * The in-process ceiling: the project's PairTokenizer, then fixed batches of 32 pairs in request
 * order, each padded to its longest pair, on one InferenceSession with the worker's options.
 */
export async function runRawOrt(model: BenchModel, calls: readonly RerankCall[], progress: Progress): Promise<BaselineResult> {
  const { maxLength } = inspectModelDirectory(model.dir, model.file);
  const tokenizer = await PairTokenizer.load(model.dir);
  const session = await InferenceSession.create(
    `${model.dir}/${model.file}`,
    sessionOptionsFor({ executionProvider: 'cpu', cudaDevice: 0, intraOpThreads: 0 }),
  );
  const wantsTokenTypes = session.inputNames.includes('token_type_ids');
  const run = async (pairs: readonly EncodedPair[]) => {
    const batch = padBatch(pairs);
    const feeds: Record<string, Tensor> = { input_ids: batch.inputIds, attention_mask: batch.attentionMask };
    if (wantsTokenTypes) feeds.token_type_ids = batch.tokenTypeIds;
    await session.run(feeds);
    return batch;
  };
  try {
    const finish = measureCost(selfCpuSeconds);
    const started = performance.now();
    const encoded = calls.flatMap((call) => tokenizer.encodePairs(call.query, call.documents, maxLength));
    const tokenizeMs = performance.now() - started;

    const batches = chunks(encoded, BASELINE_BATCH_SIZE);
    await run(encoded.slice(0, WARMUP_PAIRS)); // untimed: first-run allocations and kernel selection
    const batchMs: number[] = [];
    let realTokens = 0;
    let paddedTokens = 0;
    for (const [i, pairs] of batches.entries()) {
      const t = performance.now();
      const batch = await run(pairs);
      batchMs.push(performance.now() - t);
      realTokens += batch.realTokens;
      paddedTokens += batch.paddedTokens;
      if ((i + 1) % 10 === 0) progress(`raw_ort: ${i + 1}/${batches.length} batches`);
    }
    const cost = finish(encoded.length);
    const pairs = encoded.length;
    return baselineResult({ pairs, batches: batches.length, tokenizeMs, batchMs, realTokens, paddedTokens, cost });
  } finally {
    await session.release();
  }
}
