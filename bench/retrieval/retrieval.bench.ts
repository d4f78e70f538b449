import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { collectionsUri, ingestDocumentStream, openRetrievalEngine, RetrievalEngine } from '@rerank/retrieval';
import { directoryBytes } from './directory-bytes';
import { integerFlag, parseFlags, runCli, userPath } from '../../tools/cli/cli-args';
import { formatCount, progressBar } from '../../tools/cli/progress';
import { DEFAULT_INGEST_BATCH } from '../../tools/ingest/ingest.args';
import { DEFAULT_CORPUS_OPTIONS, SyntheticCorpus } from './synthetic-corpus';
import { runDenseBench } from './dense.bench';
import { runSearchBench } from './search.bench';

const USAGE =
  'usage: npm run bench:retrieval -- [--docs 500000] [--queries 1000] [--zipf-queries 100] [--seed 42] [--dir DIR] [--out FILE.json]\n' +
  '                                  [--dense-queries 200] [--nprobes 8,16,32] [--no-dense]\n' +
  '                                  [--search-queries 0] [--search-max-length N]   (end to end: /v1/search, BM25 top 100 reranked by minilm-l6 int8, top 10)';
const COLLECTION = 'bench';
const DEPTH = 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Latency {
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanHits: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Writes the corpus as NDJSON (what `npm run ingest` reads) and keeps one known-item query per sampled document. */
async function writeCorpus(corpus: SyntheticCorpus, path: string, docs: number, queries: number): Promise<string[]> {
  const out = createWriteStream(path);
  const every = Math.max(1, Math.floor(docs / queries));
  const known: string[] = [];
  const bar = progressBar('generate', docs, 'docs');
  for (let i = 0; i < docs; i++) {
    const { document, ranks } = corpus.document(i);
    if (i % every === every - 1 && known.length < queries) known.push(corpus.knownItemQuery(ranks));
    if (!out.write(`${JSON.stringify(document)}\n`)) await once(out, 'drain');
    if (i % 10_000 === 0) bar.update(i);
  }
  bar.stop();
  out.end();
  await once(out, 'finish');
  return known;
}

async function measure(engine: RetrievalEngine, queries: readonly string[]): Promise<Latency> {
  for (const query of queries.slice(0, 20)) await engine.retriever.search(COLLECTION, query, DEPTH);
  // The first search started loading the indexes into memory, as in a gateway; measure once they are.
  await engine.flush();
  const times: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const started = performance.now();
    hits += (await engine.retriever.search(COLLECTION, query, DEPTH)).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    queries: queries.length,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    max: round(times[times.length - 1]),
    meanHits: Math.round(hits / queries.length),
  };
}

/** `npm run bench:retrieval`: ingest docs/s and BM25 top-100 latency on a seeded synthetic corpus. */
async function main(): Promise<number> {
  const parsed = parseFlags(process.argv.slice(2), {
    docs: { type: 'string' },
    queries: { type: 'string' },
    'zipf-queries': { type: 'string' },
    seed: { type: 'string' },
    dir: { type: 'string' },
    out: { type: 'string' },
    'dense-queries': { type: 'string' },
    nprobes: { type: 'string' },
    'no-dense': { type: 'boolean' },
    'search-queries': { type: 'string' },
    'search-max-length': { type: 'string' },
  });
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const flags = parsed.values;
  const docs = integerFlag('docs', flags.docs, 500_000, 1_000, 100_000_000);
  const queryCount = integerFlag('queries', flags.queries, 1_000, 1, 1_000_000);
  const zipfCount = integerFlag('zipf-queries', flags['zipf-queries'], 100, 0, 1_000_000);
  const seed = integerFlag('seed', flags.seed, 42, 0, 0xffffffff);
  const dir = flags.dir ? userPath(flags.dir) : await mkdtemp(join(tmpdir(), 'bench-retrieval-'));
  await mkdir(dir, { recursive: true });
  log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; work dir ${dir}`);

  const corpus = new SyntheticCorpus({ ...DEFAULT_CORPUS_OPTIONS, seed });
  const corpusPath = join(dir, 'corpus.jsonl');
  let started = performance.now();
  const knownItem = await writeCorpus(corpus, corpusPath, docs, queryCount);
  const zipf = Array.from({ length: zipfCount }, () => corpus.zipfQuery());
  const corpusBytes = (await stat(corpusPath)).size;
  log(
    `generated ${formatCount(docs)} documents (${(corpusBytes / 1e6).toFixed(0)} MB NDJSON) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const dataDir = join(dir, 'data');
  const engine = await openRetrievalEngine({ dataDir, prewarmIndexes: true });
  try {
    const input = createReadStream(corpusPath);
    const bar = progressBar('ingest', corpusBytes, 'bytes');
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    // The ingest CLI's path and batch size: NDJSON parsing, validation, Lance writes, then the index of every row.
    await ingestDocumentStream(engine.collections, COLLECTION, input, { batchSize: DEFAULT_INGEST_BATCH, maxLineLength: 1024 * 1024 }, () =>
      bar.update(input.bytesRead),
    );
    await engine.flush();
    const ingestSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const ingestCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const loadDuringIngest = loadavg()[1];
    bar.stop();
    const dbBytes = await directoryBytes(dataDir);
    log(
      `ingested in ${ingestSeconds.toFixed(1)} s: ${formatCount(docs / ingestSeconds)} docs/s ` +
        `(${formatCount(docs / ingestCpuSeconds)} per CPU-second; 5-min load average ${loadDuringIngest.toFixed(1)}); database ${(dbBytes / 1e6).toFixed(0)} MB`,
    );

    const knownLatency = await measure(engine, knownItem);
    log(`known-item queries: ${JSON.stringify(knownLatency)}`);
    const zipfLatency = zipfCount > 0 ? await measure(engine, zipf) : undefined;
    const loadDuringQueries = loadavg()[0];
    if (zipfLatency) log(`zipf queries: ${JSON.stringify(zipfLatency)}`);

    const rssMB = Math.round(process.memoryUsage().rss / 1e6);
    log(`RSS after the BM25 queries: ${rssMB} MB`);
    await engine.close();
    const searchQueries = integerFlag('search-queries', flags['search-queries'], 0, 0, queryCount);
    const maxLength = flags['search-max-length'] && integerFlag('search-max-length', flags['search-max-length'], 512, 16, 8192);
    const search =
      searchQueries === 0
        ? null
        : await runSearchBench({
            storeUri: collectionsUri({ dataDir }),
            collection: COLLECTION,
            // The known-item queries from the end of the list: the BM25 measurement above warmed the first ones.
            queries: knownItem.slice(-searchQueries),
            warmupQueries: knownItem.slice(0, 3),
            arch: 'minilm-l6',
            int8: true,
            candidates: DEPTH,
            topK: 10,
            env: maxLength ? { RERANK_MAX_LENGTH: String(maxLength) } : {},
          });
    const dense = flags['no-dense']
      ? null
      : await runDenseBench({
          dataDir: join(dir, 'dense'),
          corpusPath,
          corpusBytes,
          docs,
          queries: integerFlag('dense-queries', flags['dense-queries'], 200, 1, 100_000),
          textQueries: knownItem.slice(0, 200),
          nprobes: (flags.nprobes ?? '8,16,32').split(',').map((n) => integerFlag('nprobes', n, 16, 1, 100_000)),
          batch: DEFAULT_INGEST_BATCH,
        });
    const result = {
      docs,
      seed,
      corpusMB: Math.round(corpusBytes / 1e6),
      databaseMB: Math.round(dbBytes / 1e6),
      ingestSeconds: Math.round(ingestSeconds * 10) / 10,
      ingestDocsPerSecond: Math.round(docs / ingestSeconds),
      ingestDocsPerCpuSecond: Math.round(docs / ingestCpuSeconds),
      ingestBatch: DEFAULT_INGEST_BATCH,
      loadAverageDuringIngest: Math.round(loadDuringIngest * 10) / 10,
      top: DEPTH,
      knownItemQueries: knownLatency,
      zipfQueries: zipfLatency ?? null,
      loadAverageDuringQueries: Math.round(loadDuringQueries * 10) / 10,
      rssMBAfterBm25Queries: rssMB,
      search,
      dense,
      rssMBAtEnd: Math.round(process.memoryUsage().rss / 1e6),
      examples: { knownItem: knownItem.slice(0, 3), zipf: zipf.slice(0, 3) },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (flags.out) await writeFile(userPath(flags.out), `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await engine.close().catch(() => undefined);
    if (!flags.dir) await rm(dir, { recursive: true, force: true });
  }
}

runCli('bench:retrieval', USAGE, main);
