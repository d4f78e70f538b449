import { AutoModelForSequenceClassification, AutoTokenizer, env } from '@huggingface/transformers';
import { BASELINE_BATCH_SIZE, WARMUP_PAIRS } from './bench.plan';
import { measureCost, selfCpuSeconds } from './cpu.usage';
import type { BenchModel } from './fixture.cache';
import { BaselineResult, baselineResult, chunks, Progress } from './raw-ort.phase';
import type { RerankCall } from './workload.generator';

interface Pair {
  query: string;
  document: string;
}

/** Count of ones in an attention mask (real tokens) and its size (padded tokens). */
function tokenCounts(mask: { data: ArrayLike<bigint | number>; size: number }): { real: number; padded: number } {
  let real = 0;
  for (let i = 0; i < mask.data.length; i++) real += Number(mask.data[i]);
  return { real, padded: mask.size };
}

/**
 * What a typical Node developer writes: transformers.js' AutoTokenizer and
 * AutoModelForSequenceClassification on the same local model directory, batches of 32 pairs
 * in request order, `padding: true, truncation: true`, default session options.
 */
export async function runTransformersJs(model: BenchModel, calls: readonly RerankCall[], progress: Progress): Promise<BaselineResult> {
  // Local files only: this process must never reach for the Hub. Absolute paths throughout,
  // since transformers.js reads a relative path that looks like "org/name" as a Hub id.
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(model.dir);
  const classifier = await AutoModelForSequenceClassification.from_pretrained(model.dir, {
    // transformers.js names files onnx/<model_file_name><suffix of dtype>.onnx: q8 is _quantized.
    dtype: model.dtype === 'int8' ? 'q8' : 'fp32',
    model_file_name: 'model',
    device: 'cpu',
  });
  const pairs: Pair[] = calls.flatMap((call) => call.documents.map((document) => ({ query: call.query, document })));
  const batches = chunks(pairs, BASELINE_BATCH_SIZE);
  const encode = (batch: readonly Pair[]) =>
    tokenizer(
      batch.map((pair) => pair.query),
      { text_pair: batch.map((pair) => pair.document), padding: true, truncation: true },
    );
  try {
    await classifier(encode(pairs.slice(0, WARMUP_PAIRS))); // warm-up, untimed
    const finish = measureCost(selfCpuSeconds);
    let tokenizeMs = 0;
    const batchMs: number[] = [];
    let realTokens = 0;
    let paddedTokens = 0;
    for (const [i, batch] of batches.entries()) {
      const t0 = performance.now();
      const inputs = encode(batch);
      const t1 = performance.now();
      await classifier(inputs);
      batchMs.push(performance.now() - t1);
      tokenizeMs += t1 - t0;
      const counts = tokenCounts(inputs.attention_mask);
      realTokens += counts.real;
      paddedTokens += counts.padded;
      if ((i + 1) % 10 === 0) progress(`transformers_js: ${i + 1}/${batches.length} batches`);
    }
    const cost = finish(pairs.length);
    const count = { pairs: pairs.length, batches: batches.length };
    return baselineResult({ ...count, tokenizeMs, batchMs, realTokens, paddedTokens, cost });
  } finally {
    await classifier.dispose();
  }
}
