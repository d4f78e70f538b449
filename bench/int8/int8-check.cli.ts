import { CROSS_ENCODER_ARCHS, FixtureArch, generateFixtureModel, INT8_FORMS, Int8Form, isCrossEncoderArch } from '@rerank/fixture-model';
import { EncodedPair, inspectModelDirectory, padBatch, PairTokenizer, sessionOptionsFor } from '@rerank/scoring';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { median } from '../fleet/latency.stats';
import { machineInfo } from '../fleet/machine.info';
import { generateWorkload, loadVocabularyWords } from '../fleet/workload.generator';
import { spearman } from './rank-correlation';

const USAGE = `usage: npm run bench:int8 -- [--arch ${CROSS_ENCODER_ARCHS.join('|')}] [--runs N] [--out FILE]
  Compares the fp32 fixture with each int8 graph form in one process: logits on 100 workload
  pairs (batches of 32) and the median time of N interleaved runs per batch shape.`;
const SHAPES: ReadonlyArray<[batch: number, tokens: number]> = [
  [32, 128],
  [8, 128],
];
const ACCURACY_BATCH = 32;

class UsageError extends Error {}

interface CheckArgs {
  arch: FixtureArch;
  runs: number;
  out?: string;
}

function parseArgs(argv: readonly string[]): CheckArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!['--arch', '--runs', '--out'].includes(argv[i])) throw new UsageError(`unknown argument "${argv[i]}"`);
    if (argv[i + 1] === undefined) throw new UsageError(`${argv[i]} needs a value`);
    values.set(argv[i], argv[i + 1]);
  }
  const arch = values.get('--arch') ?? 'minilm-l6';
  if (!isCrossEncoderArch(arch)) throw new UsageError(`--arch must be one of ${CROSS_ENCODER_ARCHS.join(', ')}, got "${arch}"`);
  const runs = Number(values.get('--runs') ?? '9');
  if (!Number.isInteger(runs) || runs < 3 || runs > 100) {
    throw new UsageError('--runs must be an integer from 3 to 100');
  }
  return { arch, runs, out: values.get('--out') };
}

/** `batch` rows of exactly `tokens` ids, each cycling through one workload pair's ids. */
function fixedShapeFeeds(pairs: readonly EncodedPair[], batch: number, tokens: number): Record<string, Tensor> {
  const rows = pairs.slice(0, batch).map((pair) => ({
    inputIds: Array.from({ length: tokens }, (_, i) => pair.inputIds[i % pair.inputIds.length]),
    tokenTypeIds: Array.from({ length: tokens }, (_, i) => pair.tokenTypeIds[i % pair.tokenTypeIds.length]),
  }));
  const padded = padBatch(rows);
  return { input_ids: padded.inputIds, attention_mask: padded.attentionMask, token_type_ids: padded.tokenTypeIds };
}

async function logits(session: InferenceSession, pairs: readonly EncodedPair[]): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < pairs.length; start += ACCURACY_BATCH) {
    const batch = padBatch(pairs.slice(start, start + ACCURACY_BATCH));
    const result = await session.run({
      input_ids: batch.inputIds,
      attention_mask: batch.attentionMask,
      token_type_ids: batch.tokenTypeIds,
    });
    out.push(...(result.logits.data as Float32Array));
  }
  return out;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args === 'help') return void process.stdout.write(`${USAGE}\n`);
  // Regenerated on every run (a few seconds), so they never outlive it.
  const root = await mkdtemp(join(tmpdir(), 'rerank-int8-check-'));
  try {
    await compare(args, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function compare(args: CheckArgs, root: string): Promise<void> {
  const options = {
    ...sessionOptionsFor({ executionProvider: 'cpu', cudaDevice: 0, intraOpThreads: 0 }),
    // Four sessions take turns: an idle one's spinning thread pool would steal the cores from
    // the one being timed (measured: 2x slower 8x128 runs with spinning on).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const models: Array<{ name: 'fp32' | Int8Form; path: string }> = [];
  for (const form of INT8_FORMS) {
    process.stderr.write(`[int8] generating ${args.arch} int8 (${form})\n`);
    const outDir = join(root, form);
    const fixture = await generateFixtureModel({ arch: args.arch, outDir, int8: true, int8Form: form });
    if (models.length === 0) models.push({ name: 'fp32', path: fixture.modelPath });
    models.push({ name: form, path: fixture.int8!.path });
  }
  const dir = join(root, INT8_FORMS[0]);
  const tokenizer = await PairTokenizer.load(dir);
  const { maxLength } = inspectModelDirectory(dir, 'onnx/model.onnx');
  const calls = generateWorkload(loadVocabularyWords(), { requests: 10, documentsPerRequest: 10, seed: 1 });
  const pairs = calls.flatMap((call) => tokenizer.encodePairs(call.query, call.documents, maxLength));
  const sessions = await Promise.all(models.map((model) => InferenceSession.create(model.path, options)));

  const scores = await Promise.all(sessions.map((session) => logits(session, pairs)));
  const times = models.map(() => SHAPES.map(() => [] as number[]));
  for (const [shape, [batch, tokens]] of SHAPES.entries()) {
    const feeds = fixedShapeFeeds(pairs, batch, tokens);
    for (const session of sessions) await session.run(feeds); // warm-up
    for (let run = 0; run < args.runs; run++) {
      process.stderr.write(`[int8] ${batch}x${tokens}: run ${run + 1}/${args.runs}\n`);
      for (const [m, session] of sessions.entries()) {
        const started = performance.now();
        await session.run(feeds);
        times[m][shape].push(performance.now() - started);
      }
    }
  }
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const rows = models.map((model, m) => ({
    model: model.name,
    ...Object.fromEntries(
      SHAPES.flatMap(([batch, tokens], shape) => [
        [`ms_${batch}x${tokens}_median`, round(median(times[m][shape]), 1)],
        [`speedup_${batch}x${tokens}`, round(median(times[0][shape]) / median(times[m][shape]), 2)],
      ]),
    ),
    max_abs_diff: round(Math.max(...scores[m].map((logit, i) => Math.abs(logit - scores[0][i]))), 4),
    mean_abs_diff: round(scores[m].reduce((sum, x, i) => sum + Math.abs(x - scores[0][i]), 0) / pairs.length, 4),
    spearman: round(spearman(scores[0], scores[m]), 4),
  }));
  console.table(rows);
  const logitSpread = { min: round(Math.min(...scores[0]), 3), max: round(Math.max(...scores[0]), 3) };
  process.stdout.write(`fp32 logits over ${pairs.length} pairs span ${logitSpread.min} .. ${logitSpread.max}\n`);
  if (args.out) {
    const report = {
      arch: args.arch,
      pairs: pairs.length,
      runs: args.runs,
      fp32_logits: logitSpread,
      rows,
      machine: machineInfo(),
    };
    await writeFile(resolve(process.env.INIT_CWD ?? process.cwd(), args.out), JSON.stringify(report, null, 2) + '\n');
  }
  await Promise.all(sessions.map((session) => session.release()));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const usage = error instanceof UsageError ? `\n${USAGE}` : '';
    process.stderr.write(`bench:int8: ${error instanceof Error ? error.message : String(error)}${usage}\n`);
    process.exit(1);
  },
);
