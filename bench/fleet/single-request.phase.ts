import { EncodedPair, inspectModelDirectory, padBatch, PairTokenizer, planBatches, sessionOptionsFor } from '@rerank/scoring';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { BenchFleet } from './bench-fleet.launcher';
import { rerank } from './fleet.phase';
import type { BenchModel } from './fixture.cache';
import { median } from './latency.stats';
import { PaddingTracker } from './padding.tracker';
import type { Progress } from './raw-ort.phase';
import type { RerankCall } from './workload.generator';

/** One request timed both ways, back to back. */
export interface SingleRequestSample {
  /** The in-process bound: tokenize, the worker's length-sorted runs, ONNX, nothing else. */
  bound_ms: number;
  /** The same request through the fleet over HTTP at concurrency 1. */
  fleet_ms: number;
  /** bound_ms / fleet_ms: the fleet's pairs/s as a share of the bound's. */
  ratio: number;
  /** Tokens the bound's runs computed (rows × longest row), and the fleet's workers' (from their job results). */
  bound_padded_tokens: number;
  fleet_padded_tokens: number;
  real_tokens: number;
}

export interface SingleRequestResult {
  documents_per_request: number;
  samples: SingleRequestSample[];
  bound_pairs_per_s_p50: number;
  fleet_pairs_per_s_p50: number;
  /** Median of the per-request ratios: steadier than a ratio of medians on a shared machine. */
  ratio_p50: number;
  /** Fastest bound / fastest fleet request: the least disturbed of each, on a busy machine. */
  ratio_of_fastest: number;
  /** Padded tokens the fleet computed per padded token of the bound, over all requests: independent of load. */
  padded_tokens_vs_bound: number;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (values: readonly number[]) => values.reduce((total, x) => total + x, 0);

/**
 * The compute bound of one request on this host, in this process: the request's pairs tokenized
 * with the project's tokenizer, sorted by length and cut into runs by the workers' own budget
 * (`planBatches` with RERANK_BATCH_TOKENS / RERANK_BATCH_ROWS), each padded and run on one
 * session with the workers' session options and intra-op threads. No queue, no HTTP, no waits.
 */
class RequestBound {
  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: PairTokenizer,
    private readonly maxLength: number,
    private readonly limits: { maxTokens: number; maxRows: number },
  ) {}

  static async load(model: BenchModel, fleet: BenchFleet): Promise<RequestBound> {
    const { maxLength } = inspectModelDirectory(model.dir, model.file);
    const tokenizer = await PairTokenizer.load(model.dir);
    const { runtime, batch } = fleet.settings.worker;
    const session = await InferenceSession.create(`${model.dir}/${model.file}`, sessionOptionsFor(runtime));
    return new RequestBound(session, tokenizer, maxLength, { maxTokens: batch.maxTokens, maxRows: batch.maxRows });
  }

  /** Scores the call's pairs; returns the padded tokens its runs computed. */
  async score(call: RerankCall): Promise<number> {
    let padded = 0;
    const pairs = this.tokenizer.encodePairs(call.query, call.documents, this.maxLength);
    const wantsTokenTypes = this.session.inputNames.includes('token_type_ids');
    for (const positions of planBatches(
      pairs.map((pair) => pair.inputIds.length),
      this.limits,
    )) {
      const batch = padBatch(positions.map((position): EncodedPair => pairs[position]));
      const feeds: Record<string, Tensor> = { input_ids: batch.inputIds, attention_mask: batch.attentionMask };
      if (wantsTokenTypes) feeds.token_type_ids = batch.tokenTypeIds;
      await this.session.run(feeds);
      padded += batch.paddedTokens;
    }
    return padded;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * One 100-document request at a time, timed in-process at the compute bound and then through
 * the idle fleet, `requests` times interleaved: both sides see the same load on a shared machine.
 */
export async function runSingleRequests(
  fleet: BenchFleet,
  model: BenchModel,
  calls: readonly RerankCall[],
  requests: number,
  progress: Progress,
): Promise<SingleRequestResult> {
  const bound = await RequestBound.load(model, fleet);
  const tracker = await PaddingTracker.start(fleet.redis, fleet.prefix, fleet.modelName);
  try {
    // Untimed: first runs allocate, and the fleet's first request warms its connections.
    await bound.score(calls[0]);
    await rerank(fleet.url, calls[0]);
    const samples: SingleRequestSample[] = [];
    for (let i = 0; i < requests; i++) {
      const call = calls[(i + 1) % calls.length];
      let started = performance.now();
      const boundPadded = await bound.score(call);
      const boundMs = performance.now() - started;
      const counts = tracker.open();
      started = performance.now();
      await rerank(fleet.url, call);
      const fleetMs = performance.now() - started;
      // Completion events reach this process a moment after the gateway answers.
      await new Promise((resolve) => setTimeout(resolve, 100));
      samples.push({
        bound_ms: round(boundMs),
        fleet_ms: round(fleetMs),
        ratio: round(boundMs / fleetMs, 3),
        bound_padded_tokens: boundPadded,
        fleet_padded_tokens: counts.padded,
        real_tokens: counts.real,
      });
      progress(`single: ${i + 1}/${requests}: bound ${Math.round(boundMs)} ms, fleet ${Math.round(fleetMs)} ms`);
    }
    const documents = calls[0].documents.length;
    return {
      documents_per_request: documents,
      samples,
      bound_pairs_per_s_p50: round((documents * 1000) / median(samples.map((s) => s.bound_ms))),
      fleet_pairs_per_s_p50: round((documents * 1000) / median(samples.map((s) => s.fleet_ms))),
      ratio_p50: round(median(samples.map((s) => s.ratio)), 3),
      ratio_of_fastest: round(Math.min(...samples.map((s) => s.bound_ms)) / Math.min(...samples.map((s) => s.fleet_ms)), 3),
      padded_tokens_vs_bound: round(sum(samples.map((s) => s.fleet_padded_tokens)) / sum(samples.map((s) => s.bound_padded_tokens)), 3),
    };
  } finally {
    await tracker.close();
    await bound.release();
  }
}
