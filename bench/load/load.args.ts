import { CROSS_ENCODER_ARCHS, FixtureArch, isCrossEncoderArch } from '@rerank/fixture-model';
import { integerFlag, parseFlags, UsageError, userPath } from '../../tools/cli/cli-args';
import { DEFAULT_MIX } from './request-mix.generator';

export const LOAD_USAGE = `usage: npm run load -- [--gateway URL | --start-fleet [--arch ${CROSS_ENCODER_ARCHS.join('|')}] [--int8] [--workers N]]
       [--duration S] [--connections N | --rate R | --capacity-factor F [--capacity R | --capacity-duration S]]
       [--mix 10,50,100,200] [--seed N] [--model NAME] [--api-key KEY] [--timeout S] [--max-in-flight N]
       [--gateway-pid PID] [--worker-pids PID,PID] [--json FILE]
  --gateway URL          drive a running fleet (default http://127.0.0.1:3000)
  --start-fleet          start 1 gateway and --workers workers on a fixture model as "npm run bench" does,
                         on a fresh queue prefix, and stop them afterwards (--arch default minilm-l6)
  --duration S           seconds of load (default 30)
  --connections N        closed loop: N requests in flight, each answer followed by the next request
                         (the default, N = 4; also the capacity phase's concurrency)
  --rate R               open loop: R requests/s on a fixed schedule, whatever the fleet answers
  --capacity-factor F    open loop at F x the fleet's capacity, measured first by a closed loop of
                         --capacity-duration seconds (default 30), or given as --capacity R requests/s
  --mix LIST             documents per request, each request drawing one entry of LIST (default ${DEFAULT_MIX.join(',')})
  --api-key KEY          sent as "Authorization: Bearer KEY" (default: $RERANK_API_KEY); with --start-fleet
                         the fleet is started with RERANK_API_KEYS=KEY
  --timeout S            seconds the client waits for an answer (default 60)
  --max-in-flight N      open loop: an arrival finding N requests outstanding is skipped and counted (default 1000)
  --gateway-pid PID, --worker-pids LIST   a running fleet's processes on this host, for their RSS
                         (otherwise only the gateway's, from its /metrics)
  --json FILE            also write the report as JSON`;

/** How requests are sent: a closed loop, a fixed arrival rate, or a multiple of measured capacity. */
export type LoadPlan =
  { kind: 'closed'; connections: number } | { kind: 'open'; rate: number } | { kind: 'factor'; factor: number; capacity: CapacitySource };

/** The fleet's capacity, in requests/s of the mix: given, or measured by a closed loop first. */
export type CapacitySource = { kind: 'given'; requestsPerS: number } | { kind: 'measure'; durationS: number; connections: number };

/** Whom the load goes to: a fleet already running, or one this command starts on a fixture. */
export type LoadTarget =
  | { kind: 'external'; url: string; gatewayPid?: number; workerPids: number[] }
  | { kind: 'fleet'; arch: FixtureArch; int8: boolean; workers: number };

export interface LoadArgs {
  target: LoadTarget;
  plan: LoadPlan;
  durationS: number;
  mix: number[];
  seed: number;
  model?: string;
  apiKey?: string;
  timeoutS: number;
  maxInFlight: number;
  json?: string;
}

const FLAGS = {
  gateway: { type: 'string' },
  'start-fleet': { type: 'boolean' },
  arch: { type: 'string' },
  int8: { type: 'boolean' },
  workers: { type: 'string' },
  duration: { type: 'string' },
  connections: { type: 'string' },
  rate: { type: 'string' },
  'capacity-factor': { type: 'string' },
  capacity: { type: 'string' },
  'capacity-duration': { type: 'string' },
  mix: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  'api-key': { type: 'string' },
  timeout: { type: 'string' },
  'max-in-flight': { type: 'string' },
  'gateway-pid': { type: 'string' },
  'worker-pids': { type: 'string' },
  json: { type: 'string' },
} as const;

type Flags = Exclude<ReturnType<typeof parseFlags<typeof FLAGS>>, 'help'>['values'];

/** A positive decimal number within bounds, naming the flag when it is not one. */
function decimalFlag(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || number <= 0 || number > max) {
    throw new UsageError(`--${name} must be a number above 0 and at most ${max}, got "${value}"`);
  }
  return number;
}

function integerList(name: string, value: string, min: number, max: number): number[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => !/^\d+$/.test(item) || Number(item) < min || Number(item) > max)) {
    throw new UsageError(`--${name} takes a comma-separated list of integers from ${min} to ${max}, got "${value}"`);
  }
  return items.map(Number);
}

/** Flags that make sense only beside `needed`; naming the first one given without it. */
function onlyWith(flags: Flags, names: readonly (keyof Flags)[], needed: string, present: boolean): void {
  if (present) return;
  const stray = names.find((name) => flags[name] !== undefined);
  if (stray) throw new UsageError(`--${stray} only applies with ${needed}`);
}

function target(flags: Flags): LoadTarget {
  const startFleet = flags['start-fleet'] === true;
  onlyWith(flags, ['arch', 'int8', 'workers'], '--start-fleet', startFleet);
  if (startFleet) {
    for (const name of ['gateway', 'gateway-pid', 'worker-pids'] as const) {
      if (flags[name] !== undefined) throw new UsageError(`--${name} is for a running fleet; it cannot go with --start-fleet`);
    }
    const arch = flags.arch ?? 'minilm-l6';
    if (!isCrossEncoderArch(arch)) throw new UsageError(`--arch must be one of ${CROSS_ENCODER_ARCHS.join(', ')}, got "${arch}"`);
    return { kind: 'fleet', arch, int8: flags.int8 === true, workers: integerFlag('workers', flags.workers, 1, 1, 16) };
  }
  const raw = flags.gateway ?? 'http://127.0.0.1:3000';
  const url = raw.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--gateway must be an http(s) URL, got "${raw}"`);
  const gatewayPid = flags['gateway-pid'];
  const workerPids = flags['worker-pids'];
  return {
    kind: 'external',
    url,
    ...(gatewayPid === undefined ? {} : { gatewayPid: integerFlag('gateway-pid', gatewayPid, 0, 1, 2 ** 22) }),
    workerPids: workerPids === undefined ? [] : integerList('worker-pids', workerPids, 1, 2 ** 22),
  };
}

function plan(flags: Flags): LoadPlan {
  const rate = decimalFlag('rate', flags.rate, 100_000);
  const factor = decimalFlag('capacity-factor', flags['capacity-factor'], 100);
  if (rate !== undefined && factor !== undefined) throw new UsageError('--rate and --capacity-factor exclude each other');
  onlyWith(flags, ['capacity', 'capacity-duration'], '--capacity-factor', factor !== undefined);
  onlyWith(flags, ['max-in-flight'], '--rate or --capacity-factor', rate !== undefined || factor !== undefined);
  const connections = () => integerFlag('connections', flags.connections, 4, 1, 1024);
  if (rate !== undefined) {
    if (flags.connections !== undefined) throw new UsageError('--connections sets a closed loop; --rate drives an open one');
    return { kind: 'open', rate };
  }
  if (factor === undefined) return { kind: 'closed', connections: connections() };
  const capacity = decimalFlag('capacity', flags.capacity, 100_000);
  if (capacity !== undefined) {
    for (const name of ['capacity-duration', 'connections'] as const) {
      if (flags[name] !== undefined) throw new UsageError(`--${name} sets the capacity phase, which --capacity skips`);
    }
    return { kind: 'factor', factor, capacity: { kind: 'given', requestsPerS: capacity } };
  }
  const durationS = integerFlag('capacity-duration', flags['capacity-duration'], 30, 1, 3600);
  return { kind: 'factor', factor, capacity: { kind: 'measure', durationS, connections: connections() } };
}

/** Parses `npm run load` arguments. Returns 'help' for -h/--help; throws {@link UsageError} naming the flag otherwise. */
export function parseLoadArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LoadArgs | 'help' {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed === 'help') return 'help';
  const flags = parsed.values;
  const apiKey = flags['api-key'] ?? (env.RERANK_API_KEY || undefined);
  if (flags['api-key'] === '') throw new UsageError('--api-key needs a value');
  const model = flags.model;
  if (model === '') throw new UsageError('--model needs a value');
  const json = flags.json;
  return {
    target: target(flags),
    plan: plan(flags),
    durationS: integerFlag('duration', flags.duration, 30, 1, 86_400),
    mix: flags.mix === undefined ? [...DEFAULT_MIX] : integerList('mix', flags.mix, 1, 100_000),
    seed: integerFlag('seed', flags.seed, 1, 0, 0xffffffff),
    ...(model === undefined ? {} : { model }),
    ...(apiKey === undefined ? {} : { apiKey }),
    timeoutS: integerFlag('timeout', flags.timeout, 60, 1, 3600),
    maxInFlight: integerFlag('max-in-flight', flags['max-in-flight'], 1000, 1, 100_000),
    ...(json === undefined ? {} : { json: userPath(json, env) }),
  };
}
