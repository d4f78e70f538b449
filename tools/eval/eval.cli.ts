import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  Qrels,
  RetrievalEngine,
  RetrievalMode,
  ScoredDocument,
  SearchHit,
  checkBeirPaths,
  evaluateRun,
  formatTrecRun,
  ingestDocumentStream,
  judgedQueries,
  openRetrievalEngine,
  passageText,
  readBeirQrels,
  readBeirQueries,
} from '@rerank/retrieval';
import { runCli } from '../cli/cli-args';
import { formatCount, progressBar } from '../cli/progress';
import { EVAL_USAGE, EvalArgs, parseEvalArgs } from './eval.args';
import { EvalReport, formatMetricsTable } from './eval-report';
import { GatewayReranker, mapConcurrently } from './gateway-reranker';
import { GatewayEmbedder } from './gateway-embedder';

const COLLECTION = 'eval';
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (since: number) => (performance.now() - since) / 1000;

type ScoredRun = Map<string, ScoredDocument[]>;

const idsOf = (run: ScoredRun) => new Map([...run].map(([query, ranking]) => [query, ranking.map((doc) => doc.id)]));

async function ingestCorpus(engine: RetrievalEngine, path: string, embeddingModel: string | undefined): Promise<number> {
  if (embeddingModel !== undefined) await engine.collections.create(COLLECTION, { embeddingModel });
  const bytes = (await stat(path)).size;
  const input = createReadStream(path);
  const bar = progressBar('ingest', bytes, 'bytes');
  const started = performance.now();
  const summary = await ingestDocumentStream(
    engine.collections,
    COLLECTION,
    input,
    { batchSize: 1000, maxLineLength: 64 * 1024 * 1024 },
    () => bar.update(input.bytesRead),
  );
  bar.stop();
  await engine.flush();
  const took = seconds(started);
  log(`ingested ${formatCount(summary.documents)} documents in ${took.toFixed(1)} s (${formatCount(summary.upserted / took)} docs/s)`);
  return summary.documents;
}

/** One mode to `depth` for every query; the reranker then reorders BM25's first `candidates`. */
async function retrieve(
  engine: RetrievalEngine,
  queries: Map<string, string>,
  depth: number,
  mode: RetrievalMode = 'bm25',
): Promise<Map<string, SearchHit[]>> {
  const hits = new Map<string, SearchHit[]>();
  const started = performance.now();
  for (const [id, text] of queries)
    hits.set(id, await engine.retriever.search(COLLECTION, text, depth, { retrieval: mode, candidatesPerStage: depth }));
  const took = seconds(started);
  log(
    `${mode}: ${queries.size} queries in ${took.toFixed(2)} s (${((took * 1000) / Math.max(queries.size, 1)).toFixed(2)} ms each), depth ${depth}`,
  );
  return hits;
}

const runOf = (hits: Map<string, SearchHit[]>): ScoredRun =>
  new Map([...hits].map(([id, list]) => [id, list.map((hit) => ({ id: hit.id, score: hit.score }))]));

/**
 * Reranks each query's first `candidates` hits on the fleet; the BM25 hits below them keep
 * their order underneath. Their run-file scores are pushed below every reranked one, since
 * trec_eval orders a run by score.
 */
async function rerank(
  args: EvalArgs,
  queries: Map<string, string>,
  hits: Map<string, SearchHit[]>,
): Promise<{ run: ScoredRun; model: string }> {
  const reranker = new GatewayReranker(args.gateway, args.model);
  await reranker.checkReady();
  const bar = progressBar('rerank', queries.size, 'queries');
  const started = performance.now();
  let done = 0;
  let model = '';
  const entries = [...queries];
  const rankings = await mapConcurrently(entries, args.concurrency, async ([id, text]) => {
    const all = hits.get(id) ?? [];
    const head = all.slice(0, args.candidates);
    if (head.length === 0) return [];
    const scored = await reranker.score(text, head.map(passageText));
    model = scored.model;
    bar.update(++done);
    const reranked = head
      .map((hit, index) => ({ id: hit.id, score: scored.scores[index], index }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .map(({ id: docId, score }) => ({ id: docId, score }));
    const floor = Math.min(...reranked.map((doc) => doc.score));
    return [...reranked, ...all.slice(args.candidates).map((hit, i) => ({ id: hit.id, score: floor - (i + 1) }))];
  });
  bar.stop();
  log(
    `rerank: ${queries.size} queries x ${args.candidates} candidates on "${model}" via ${args.gateway} in ${seconds(started).toFixed(1)} s`,
  );
  return { run: new Map(entries.map(([id], i) => [id, rankings[i]])), model };
}

async function main(): Promise<number> {
  const args = parseEvalArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return 0;
  }
  const paths = await checkBeirPaths(args.dataDir);
  const [allQueries, allQrels] = await Promise.all([readBeirQueries(paths.queries), readBeirQrels(paths.qrels)]);
  const queries = judgedQueries(allQueries, allQrels);
  if (queries.size === 0) throw new Error(`no query of ${paths.qrels} has text in ${paths.queries}`);
  if (queries.size < allQrels.size) log(`${allQrels.size - queries.size} judged queries have no text in queries.jsonl; skipped`);
  const qrels: Qrels = new Map([...queries.keys()].map((id) => [id, allQrels.get(id) as ReadonlyMap<string, number>]));

  // A throw-away database: evaluation never touches the deployment's DATA_DIR.
  const dataDir = await mkdtemp(join(tmpdir(), 'rerank-eval-'));
  const embedder = args.embeddingModel === undefined ? undefined : new GatewayEmbedder(args.gateway);
  const engine = await openRetrievalEngine({ dataDir, embedder });
  try {
    const documents = await ingestCorpus(engine, paths.corpus, args.embeddingModel);
    const depth = Math.max(args.candidates, 100);
    const hits = await retrieve(engine, queries, depth);
    const bm25Run = runOf(hits);
    const dense = embedder ? evaluateRun(idsOf(runOf(await retrieve(engine, queries, depth, 'dense'))), qrels) : null;
    const hybrid = embedder ? evaluateRun(idsOf(runOf(await retrieve(engine, queries, depth, 'hybrid'))), qrels) : null;
    const reranked = args.rerank ? await rerank(args, queries, hits) : undefined;

    const report: EvalReport = {
      queries: queries.size,
      bm25: evaluateRun(idsOf(bm25Run), qrels),
      ...(embedder ? { dense, hybrid } : {}),
      rerank: reranked ? evaluateRun(idsOf(reranked.run), qrels) : null,
    };
    process.stdout.write(
      `\n${args.dataDir}: ${formatCount(documents)} documents, ${report.queries} judged queries, ` +
        `${args.rerank ? `${args.candidates} candidates reranked by "${reranked?.model}"` : 'BM25 only'}\n\n${formatMetricsTable(report)}\n`,
    );
    if (args.out) {
      const json = { ...report, candidates: args.candidates, ...(reranked ? { model: reranked.model } : {}) };
      await writeFile(args.out, `${JSON.stringify(json, null, 2)}\n`);
      log(`metrics written to ${args.out}`);
    }
    if (args.run) {
      await writeFile(args.run, reranked ? formatTrecRun(reranked.run, 'bm25-rerank') : formatTrecRun(bm25Run, 'bm25'));
      log(`${reranked ? 'reranked' : 'BM25'} run written to ${args.run}`);
    }
    return 0;
  } finally {
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

runCli('eval', EVAL_USAGE, main);
