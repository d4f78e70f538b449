import { integerFlag, parseFlags } from '../../tools/cli/cli-args';

export const BULK_BENCH_USAGE = `usage: npm run bench:bulk -- [--quick] [--int8] [--out FILE] [--workers N] [--seed N]
  --quick        smaller jobs and fewer interactive requests (about a minute)
  --int8         run the int8 fixture (onnx/model_quantized.onnx) instead of fp32
  --out FILE     also write the report as JSON
  --workers N    worker processes in the fleet (default 1)
  --seed N       workload seed (default 1)`;

export interface BulkBenchArgs {
  quick: boolean;
  int8: boolean;
  out?: string;
  workers: number;
  seed: number;
}

export function parseBulkBenchArgs(argv: readonly string[]): BulkBenchArgs | 'help' {
  const parsed = parseFlags(argv, {
    quick: { type: 'boolean' },
    int8: { type: 'boolean' },
    out: { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
  });
  if (parsed === 'help') return 'help';
  const { values } = parsed;
  return {
    quick: values.quick ?? false,
    int8: values.int8 ?? false,
    out: values.out,
    workers: integerFlag('workers', values.workers, 1, 1, 64),
    seed: integerFlag('seed', values.seed, 1, 0, 2 ** 31 - 1),
  };
}

/** How much work each phase does; sized so a run takes minutes on a 2-core machine. */
export interface BulkBenchPlan {
  /** Documents per interactive /v1/rerank request. */
  interactiveDocuments: number;
  /** Interactive requests measured at concurrency 1, idle and again while a bulk job runs. */
  interactiveRequests: number;
  /** Interactive requests at concurrency 16, for the fleet's interactive pairs/s. */
  capacityRequests: number;
  /** Queries × candidates of the bulk job measured alone. */
  bulkQueries: number;
  bulkCandidates: number;
}

export function bulkBenchPlan(quick: boolean): BulkBenchPlan {
  return quick
    ? { interactiveDocuments: 20, interactiveRequests: 15, capacityRequests: 16, bulkQueries: 10, bulkCandidates: 50 }
    : { interactiveDocuments: 20, interactiveRequests: 60, capacityRequests: 48, bulkQueries: 40, bulkCandidates: 50 };
}
