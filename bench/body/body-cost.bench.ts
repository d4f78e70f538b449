import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JSON_OBJECT_FIELDS } from '@rerank/contracts';
import { FleetProcess, READY_LINE } from '../../tools/fleet/fleet-process';
import { deleteKeysUnder, freePort } from '../../tools/fleet/fleet-housekeeping';
import { currentLoadAverage, machineInfo } from '../fleet/machine.info';

/**
 * How long one body holds the gateway's event loop: a real gateway and worker on a fresh queue
 * prefix, each body sent `--runs` times, and for each the gateway's own largest event-loop delay
 * meanwhile (prom-client's monitorEventLoopDelay, 10 ms resolution, reset by every scrape of
 * /metrics) and the slowest /health/live probe a client saw. Prints JSON with medians.
 * Usage: npm run bench:body -- [--model DIR] [--runs 5]
 */
const BODY_LIMIT = 10 * 1024 * 1024;
const MAX_DOCUMENTS = 1000;

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const fields = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));

/** The largest bodies a client may send: RERANK_BODY_LIMIT_BYTES of text, or of metadata fields; and the refused 200,000-field one. */
function bodies(): Record<string, string> {
  const options = { truncate: true, deadline_ms: 200, partial: true };
  const textChars = Math.floor((BODY_LIMIT - 4096) / MAX_DOCUMENTS) - 3;
  const text = JSON.stringify({
    query: 'q',
    documents: Array.from({ length: MAX_DOCUMENTS }, (_, i) => `${i} ${'word '.repeat(textChars / 5)}`.slice(0, textChars)),
    ...options,
  });
  const metadata = fields(MAX_JSON_OBJECT_FIELDS);
  const perDocument = JSON.stringify({ text: 'a', metadata }).length + 1;
  const metadataDocuments = Math.min(MAX_DOCUMENTS, Math.floor((BODY_LIMIT - 4096) / perDocument));
  const dense = JSON.stringify({
    query: 'q',
    documents: Array.from({ length: metadataDocuments }, () => ({ text: 'a', metadata })),
    ...options,
  });
  const refused = JSON.stringify({ query: 'q', documents: ['a'], x: fields(200_000) });
  return {
    [`${MAX_DOCUMENTS} documents of text, ${text.length} bytes`]: text,
    [`${metadataDocuments} documents with ${MAX_JSON_OBJECT_FIELDS}-field metadata, ${dense.length} bytes`]: dense,
    [`200,000 fields, refused (400), ${refused.length} bytes`]: refused,
  };
}

/** A GET, tried again once: the gateway may close an idle keep-alive socket just as it is reused. */
async function get(url: string): Promise<string> {
  try {
    return await (await fetch(url)).text();
  } catch {
    return (await fetch(url)).text();
  }
}

async function eventLoopMaxMs(url: string): Promise<number> {
  const text = await get(`${url}/metrics`);
  const match = /^rerank_gateway_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  return match ? Math.round(Number(match[1]) * 1000) : Number.NaN;
}

async function once(url: string, body: Buffer): Promise<{ status: number; ms: number; loopMaxMs: number; probeMaxMs: number }> {
  await eventLoopMaxMs(url); // resets the gateway's histogram
  const probes: number[] = [];
  let answered = false;
  const probing = (async () => {
    while (!answered || probes.length < 3) {
      const started = performance.now();
      await get(`${url}/health/live`);
      probes.push(performance.now() - started);
    }
  })();
  const started = performance.now();
  const response = await fetch(`${url}/v1/rerank`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  answered = true;
  await probing;
  return { status: response.status, ms: Math.round(ms), loopMaxMs: await eventLoopMaxMs(url), probeMaxMs: Math.round(Math.max(...probes)) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench-body-${randomUUID()}`;
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-body-'));
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    RERANK_MODEL: arg('model', join(__dirname, '..', '..', '..', '.cache', 'fixtures', 'tiny')),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WORKER_METRICS_PORT: '0',
    ORT_INTRA_OP_THREADS: '1',
  };
  const fleet = [FleetProcess.start('gateway', { env }), FleetProcess.start('worker', { env })];
  try {
    await Promise.all(fleet.map((child) => child.waitForLine(READY_LINE[child.role], 60_000)));
    const url = `http://127.0.0.1:${port}`;
    await once(url, Buffer.from(JSON.stringify({ query: 'q', documents: ['a'] })));
    const results: Record<string, unknown> = {};
    for (const [name, text] of Object.entries(bodies())) {
      const body = Buffer.from(text);
      const samples = [];
      for (let run = 0; run < runs; run++) samples.push(await once(url, body));
      results[name] = {
        statuses: [...new Set(samples.map((sample) => sample.status))],
        answer_ms_median: median(samples.map((sample) => sample.ms)),
        gateway_event_loop_max_ms_median: median(samples.map((sample) => sample.loopMaxMs)),
        gateway_event_loop_max_ms_all: samples.map((sample) => sample.loopMaxMs),
        health_probe_max_ms_median: median(samples.map((sample) => sample.probeMaxMs)),
      };
    }
    console.log(JSON.stringify({ machine: machineInfo(), load_average_end: currentLoadAverage(), runs, results }, null, 2));
  } finally {
    await Promise.all(fleet.map((child) => child.stop('SIGKILL')));
    await deleteKeysUnder(redisUrl, prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
