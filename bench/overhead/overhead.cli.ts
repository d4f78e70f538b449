import { loadRedisTarget, RedisTarget } from '@rerank/config';
import { assertRedisReachable, createRedisConnection } from '@rerank/queue';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { freePort } from '../../tools/fleet/fleet-housekeeping';
import { runCli } from '../../tools/cli/cli-args';
import { BenchFleet } from '../fleet/bench-fleet.launcher';
import { selfCpuSeconds } from '../fleet/cpu.usage';
import { ensureBenchModel } from '../fleet/fixture.cache';
import { rerank } from '../fleet/fleet.phase';
import { runClosedLoop } from '../fleet/load.driver';
import { machineInfo } from '../fleet/machine.info';
import { generateWorkload, loadVocabularyWords } from '../fleet/workload.generator';
import { OverheadArgs, OVERHEAD_USAGE, parseOverheadArgs } from './overhead.args';
import { formatOverhead, labelThreads, OverheadReport, processCost, threadRolesFrom, workerCost } from './overhead.report';
import { threadDelta, threadsOf } from './thread-cpu';

const progress = (message: string) => process.stderr.write(`[bench:overhead] ${message}\n`);

/** The Redis server's pid when it is one server on this host (INFO's process_id), else null. */
async function localRedisPid(target: RedisTarget): Promise<number | null> {
  if (target.mode !== 'single') return null;
  const redis = createRedisConnection(target.url, 'producer');
  try {
    await assertRedisReachable(redis, target);
    const pid = Number(/^process_id:(\d+)/m.exec(await redis.info('server'))?.[1]);
    return Number.isInteger(pid) && existsSync(`/proc/${pid}/stat`) ? pid : null;
  } finally {
    redis.disconnect();
  }
}

/** Sum of the worker's rerank_worker_inference_seconds over every model and lane. */
async function inferenceSeconds(metricsUrl: string): Promise<number | null> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const sums = text.split('\n').filter((line) => line.startsWith('rerank_worker_inference_seconds_sum'));
    return sums.reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  } catch {
    return null;
  }
}

async function measure(args: OverheadArgs, fleet: BenchFleet, metricsUrl: string, redisPid: number | null): Promise<OverheadReport> {
  const calls = generateWorkload(loadVocabularyWords(), { requests: 64, documentsPerRequest: args.documents, seed: args.seed });
  const [gatewayPid] = fleet.pidsOf('gateway');
  const [workerPid] = fleet.pidsOf('worker');
  const warmupStart = threadsOf(gatewayPid);
  const warmup = await runClosedLoop({
    concurrency: args.concurrency,
    requests: args.warmup,
    send: async (i) => void (await rerank(fleet.url, calls[i % calls.length])),
  });
  if (warmup.errors.length > 0) throw new Error(`${warmup.errors.length} warm-up calls failed; first: ${warmup.errors[0]}`);
  const warmupGateway = processCost(gatewayPid, threadDelta(warmupStart, threadsOf(gatewayPid)), args.warmup * args.documents);

  const before = { gateway: threadsOf(gatewayPid), worker: threadsOf(workerPid), redis: redisPid === null ? [] : threadsOf(redisPid) };
  const inferenceBefore = await inferenceSeconds(metricsUrl);
  const clientBefore = selfCpuSeconds();
  let tokens = 0;
  const loop = await runClosedLoop({
    concurrency: args.concurrency,
    requests: args.requests,
    send: async (i) => {
      const used = await rerank(fleet.url, calls[(args.warmup + i) % calls.length]);
      tokens += used;
    },
    onDone: (done) => done % Math.max(1, Math.floor(args.requests / 4)) === 0 && progress(`${done}/${args.requests}`),
  });
  const clientCpu = selfCpuSeconds() - clientBefore;
  const after = { gateway: threadsOf(gatewayPid), worker: threadsOf(workerPid), redis: redisPid === null ? [] : threadsOf(redisPid) };
  const inferenceAfter = await inferenceSeconds(metricsUrl);
  if (loop.errors.length > 0) throw new Error(`${loop.errors.length} calls failed; first: ${loop.errors[0]}`);

  const pairs = args.requests * args.documents;
  const inference = inferenceBefore === null || inferenceAfter === null ? null : inferenceAfter - inferenceBefore;
  return {
    command: `npm run bench:overhead -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
    model: { arch: args.arch, dtype: 'fp32' },
    workload: {
      requests: args.requests,
      documents_per_request: args.documents,
      concurrency: args.concurrency,
      avg_tokens_per_pair: tokens > 0 ? Math.round(tokens / pairs) : null,
    },
    warmup: { requests: args.warmup, gateway_cpu_s_per_1000_pairs: warmupGateway.cpu_s_per_1000_pairs },
    worker_settings: { intra_op_threads: args.intraOpThreads, tokenizer_threads: args.tokenizerThreads },
    pairs,
    wall_s: Math.round(loop.wallMs) / 1000,
    pairs_per_s: Math.round(pairs / (loop.wallMs / 1000)),
    gateway: processCost(gatewayPid, threadDelta(before.gateway, after.gateway), pairs),
    redis: redisPid === null ? null : processCost(redisPid, threadDelta(before.redis, after.redis), pairs),
    worker: workerCost(
      workerPid,
      labelThreads(threadDelta(before.worker, after.worker), threadRolesFrom(fleet.workerReadyLines()[0])),
      pairs,
      inference,
    ),
    client_cpu_s: Math.round(clientCpu * 1000) / 1000,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseOverheadArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${OVERHEAD_USAGE}\n`);
    return 0;
  }
  const redisTarget = loadRedisTarget();
  const redisPid = await localRedisPid(redisTarget);
  if (redisPid === null) progress('Redis is not on this host: its CPU is not measured');
  const model = await ensureBenchModel(args.arch, false);
  const metricsPort = await freePort();
  let fleet: BenchFleet | undefined;
  try {
    fleet = await BenchFleet.start(
      {
        model,
        workers: 1,
        redis: redisTarget,
        workerEnv: {
          ORT_INTRA_OP_THREADS: String(args.intraOpThreads),
          WORKER_TOKENIZER_THREADS: args.tokenizerThreads,
          WORKER_METRICS_PORT: String(metricsPort),
          WORKER_METRICS_HOST: '127.0.0.1',
        },
      },
      () => undefined,
    );
    progress(`fleet ready at ${fleet.url}; ${args.requests} calls x ${args.documents} documents at concurrency ${args.concurrency}`);
    const report = await measure(args, fleet, `http://127.0.0.1:${metricsPort}/metrics`, redisPid);
    process.stdout.write(`${formatOverhead(report)}\n`);
    if (args.out) {
      await mkdir(dirname(args.out), { recursive: true });
      await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`);
    }
    return 0;
  } finally {
    await fleet?.stop();
  }
}

runCli('bench:overhead', OVERHEAD_USAGE, () => main(process.argv.slice(2)));
