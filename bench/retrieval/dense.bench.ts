import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LanceRetrievalEngine, ingestDocumentStream } from '@rerank/retrieval';
import { progressBar } from '../../tools/cli/progress';
import { directoryBytes } from './directory-bytes';
import { GaussianMixtureEmbedder } from './gaussian-mixture.embedder';

const COLLECTION = 'dense';
const MODEL = 'gaussian-mixture-384';
const DEPTH = 100;
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (ms: number) => Math.round(ms * 10) / 10;

function percentiles(times: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { p50: at(50), p95: at(95), p99: at(99) };
}

export interface DenseBenchOptions {
  dataDir: string;
  corpusPath: string;
  corpusBytes: number;
  docs: number;
  queries: number;
  textQueries: readonly string[];
  nprobes: readonly number[];
  batch: number;
}

/**
 * Dense and hybrid search on the same corpus, each document with a 384-d vector from a Gaussian
 * mixture (see GaussianMixtureEmbedder): ingest with vectors, the IVF index's build time, recall@100
 * of indexed against exact search (bypassVectorIndex) and latency for each nprobes, then hybrid
 * (BM25 + dense, reciprocal rank fusion) latency.
 */
export async function runDenseBench(options: DenseBenchOptions): Promise<Record<string, unknown>> {
  // ~500 documents per cluster: a query's top 100 then lie in its own cluster, as a real
  // bi-encoder's neighbours share a topic; far smaller clusters make the tail of the top 100
  // nearly equidistant noise, the uniformly random case again.
  const embedder = new GaussianMixtureEmbedder(384, Math.max(10, Math.round(options.docs / 500)), 1.0, 7);
  // The index is built once, by hand, after the ingest, so its build time is measured alone.
  const engine = await LanceRetrievalEngine.open({
    uri: options.dataDir,
    readConsistencySeconds: 1,
    embedder,
    optimizeDelayMs: 3_600_000,
    optimizeMaxDelayMs: 3_600_000,
    vectorIndex: { minRows: Number.MAX_SAFE_INTEGER },
    prewarmIndexes: true,
  });
  try {
    await engine.collections.create(COLLECTION, { embeddingModel: MODEL });
    const input = createReadStream(options.corpusPath);
    const bar = progressBar('ingest+vectors', options.corpusBytes, 'bytes');
    let started = performance.now();
    await ingestDocumentStream(engine.collections, COLLECTION, input, { batchSize: options.batch, maxLineLength: 1024 * 1024 }, () =>
      bar.update(input.bytesRead),
    );
    bar.stop();
    const ingestSeconds = (performance.now() - started) / 1000;
    log(`ingested ${options.docs} documents with vectors (fake embedder) in ${ingestSeconds.toFixed(1)} s`);
    started = performance.now();
    await engine.flush();
    await engine.buildVectorIndex(COLLECTION, { minRows: 0, rowsPerPartition: 1_000 });
    const indexSeconds = (performance.now() - started) / 1000;
    log(`optimize + IVF_FLAT build in ${indexSeconds.toFixed(1)} s`);
    // As a gateway does from its first search on (COLLECTIONS_PREWARM_INDEXES): without it the
    // measured queries would be the first to read most IVF partitions from disk.
    started = performance.now();
    await engine.prewarm(COLLECTION);
    const prewarmSeconds = (performance.now() - started) / 1000;
    log(`indexes loaded into memory in ${prewarmSeconds.toFixed(1)} s`);

    const vectors = Array.from({ length: options.queries }, (_, i) => embedder.sample(i));
    const exact: Set<string>[] = [];
    const exactTimes: number[] = [];
    for (const vector of vectors) {
      const t = performance.now();
      exact.push(new Set((await engine.retriever.exactDense(COLLECTION, vector, DEPTH)).map((hit) => hit.id)));
      exactTimes.push(performance.now() - t);
    }
    const sweep = [];
    for (const nprobes of options.nprobes) {
      for (const vector of vectors.slice(0, 10)) await engine.retriever.denseByVector(COLLECTION, vector, DEPTH, nprobes);
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < vectors.length; i++) {
        const t = performance.now();
        const hits = await engine.retriever.denseByVector(COLLECTION, vectors[i], DEPTH, nprobes);
        times.push(performance.now() - t);
        found += hits.filter((hit) => exact[i].has(hit.id)).length;
      }
      const row = { nprobes, recallAt100: Math.round((found / (vectors.length * DEPTH)) * 1000) / 1000, ...percentiles(times) };
      log(`dense ${JSON.stringify(row)}`);
      sweep.push(row);
    }

    const hybridTimes: number[] = [];
    for (const query of options.textQueries) {
      const t = performance.now();
      await engine.retriever.search(COLLECTION, query, DEPTH, { retrieval: 'hybrid', candidatesPerStage: DEPTH });
      hybridTimes.push(performance.now() - t);
    }
    const hybrid = { queries: options.textQueries.length, ...percentiles(hybridTimes) };
    log(`hybrid ${JSON.stringify(hybrid)}`);
    return {
      docs: options.docs,
      dimensions: 384,
      mixture: { clusters: embedder.clusters, spread: embedder.spread },
      ingestWithVectorsSeconds: round(ingestSeconds),
      indexBuildSeconds: round(indexSeconds),
      indexPrewarmSeconds: round(prewarmSeconds),
      index: 'IVF_FLAT, cosine, 1 partition per 1,000 rows',
      exactSearch: percentiles(exactTimes),
      sweep,
      hybrid,
      storeMB: Math.round((await directoryBytes(options.dataDir)) / 1e6),
    };
  } finally {
    await engine.close();
  }
}
