import { loadRedisTarget } from '@rerank/config';
import { FixtureArch } from '@rerank/fixture-model';
import { performance } from 'node:perf_hooks';
import { BenchFleet } from '../fleet/bench-fleet.launcher';
import { ensureBenchModel } from '../fleet/fixture.cache';

const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (ms: number) => Math.round(ms * 10) / 10;

export interface SearchBenchOptions {
  /** The Lance store holding `collection`, already ingested and indexed (the BM25 phase's). */
  storeUri: string;
  collection: string;
  queries: readonly string[];
  /** Other queries, sent first and not measured (model load, caches). */
  warmupQueries: readonly string[];
  arch: FixtureArch;
  int8: boolean;
  candidates: number;
  topK: number;
  /** Extra worker and gateway settings (e.g. RERANK_MAX_LENGTH), as environment variables. */
  env: Record<string, string>;
}

interface SearchAnswer {
  results: { id: string; relevance_score?: number | null }[];
  partial: boolean;
  timing: { retrieval_ms: number; rerank_ms: number; total_ms: number };
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted[sorted.length - 1]) };
}

async function search(url: string, body: Record<string, unknown>): Promise<SearchAnswer> {
  const response = await fetch(`${url}/v1/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /v1/search answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as SearchAnswer;
}

/**
 * The legal-search scenario end to end: `/v1/search` through a real gateway and worker over the
 * collection the BM25 phase built, BM25 top `candidates` reranked by a fixture cross-encoder, top
 * `topK` returned, one query at a time (concurrency 1). Latency is the client's, per request;
 * the gateway's own retrieval / rerank split comes from each answer's `timing`.
 */
export async function runSearchBench(options: SearchBenchOptions): Promise<Record<string, unknown>> {
  const model = await ensureBenchModel(options.arch, options.int8);
  let fleet: BenchFleet | undefined;
  try {
    fleet = await BenchFleet.start(
      { model, workers: 1, redis: loadRedisTarget(), workerEnv: { COLLECTIONS_URI: options.storeUri, ...options.env } },
      () => undefined,
    );
    log(`search: fleet ready at ${fleet.url} (${options.arch} ${model.dtype}); ${options.queries.length} queries at concurrency 1`);
    const body = (query: string) => ({
      collection: options.collection,
      query,
      retrieval: 'bm25',
      candidates: options.candidates,
      top_k: options.topK,
      // Every candidate scored: a partial answer would time less work than the scenario asks for.
      partial: false,
    });
    for (const query of options.warmupQueries) await search(fleet.url, body(query));
    const total: number[] = [];
    const retrieval: number[] = [];
    const rerank: number[] = [];
    for (const query of options.queries) {
      const started = performance.now();
      const answer = await search(fleet.url, body(query));
      total.push(performance.now() - started);
      if (answer.results.length !== Math.min(options.topK, options.candidates) || answer.partial) {
        throw new Error(
          `query "${query}": ${answer.results.length} results (partial: ${answer.partial}); ${options.topK} reranked ones were expected`,
        );
      }
      retrieval.push(answer.timing.retrieval_ms);
      rerank.push(answer.timing.rerank_ms);
    }
    const result = {
      queries: options.queries.length,
      concurrency: 1,
      model: `${options.arch} ${model.dtype}`,
      candidates: options.candidates,
      topK: options.topK,
      env: options.env,
      latencyMs: percentiles(total),
      gatewayRetrievalMs: percentiles(retrieval),
      gatewayRerankMs: percentiles(rerank),
    };
    log(`search ${JSON.stringify(result)}`);
    return result;
  } finally {
    await fleet?.stop();
  }
}
