import { loadGatewayConfig, loadWorkerConfig } from '@rerank/config';
import { FleetProcess, FleetRole, READY_LINE } from './fleet-process';
import { workerMetricsPorts } from './worker-metrics-ports';

const STARTUP_TIMEOUT_MS = 10 * 60_000;

function replicas(env: NodeJS.ProcessEnv): number {
  const value = Number(env.WORKER_REPLICAS ?? '1');
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new Error(`WORKER_REPLICAS must be an integer from 1 to 64 (got "${env.WORKER_REPLICAS}")`);
  }
  return value;
}

function prefixed(label: string): (line: string) => void {
  return (line) => process.stdout.write(`[${label}] ${line}\n`);
}

/** `npm start`: one gateway and WORKER_REPLICAS workers on this host, stopped together. */
async function main(): Promise<void> {
  // Fail here with the variable's name rather than in two children at once.
  const gatewayConfig = loadGatewayConfig();
  const workerConfig = loadWorkerConfig();
  const count = replicas(process.env);
  // Replicas share this host's ports: replica i serves its metrics on WORKER_METRICS_PORT + i.
  const metricsPorts = workerMetricsPorts(workerConfig.metrics.port, count, gatewayConfig.port);
  const metricsHost = workerConfig.metrics.host === '0.0.0.0' ? '127.0.0.1' : workerConfig.metrics.host;
  const processes: FleetProcess[] = [];
  const start = (role: FleetRole, label: string, env: NodeJS.ProcessEnv = {}) => {
    const child = FleetProcess.start(role, { env: { ...process.env, ...env }, onLine: prefixed(label) });
    processes.push(child);
    return child;
  };
  let stopping = false;
  const failedToStop = (error: unknown) => {
    console.error(`could not stop the fleet: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
  const stopAll = async (signal: NodeJS.Signals) => {
    stopping = true;
    await Promise.all(processes.map((child) => child.stop(signal)));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll('SIGTERM').then(() => process.exit(0), failedToStop));
  }
  const workers = Array.from({ length: count }, (_, i) => {
    if (!metricsPorts) return start('worker', `worker-${i + 1}`);
    console.log(`worker-${i + 1}: metrics on http://${metricsHost}:${metricsPorts[i]}/metrics (WORKER_METRICS_PORT=${metricsPorts[i]})`);
    return start('worker', `worker-${i + 1}`, { WORKER_METRICS_PORT: String(metricsPorts[i]) });
  });
  const gateway = start('gateway', 'gateway');
  // Watchers, not steps: nothing awaits them, and each ends the process itself.
  for (const child of processes) {
    void child.exited
      .then(async (code) => {
        if (stopping) return;
        console.error(`${child.role} (pid ${child.pid}) exited with code ${code}; stopping the fleet`);
        await stopAll('SIGTERM');
        process.exit(code || 1);
      })
      .catch(failedToStop);
  }
  await Promise.all([gateway, ...workers].map((child) => child.waitForLine(READY_LINE[child.role], STARTUP_TIMEOUT_MS)));
  const url = `http://127.0.0.1:${gatewayConfig.port}`;
  console.log(`
rerank-fleet is up: gateway ${url}, ${count} worker(s) serving ${gatewayConfig.models.map((model) => `"${model}"`).join(', ')}.
Try:
  curl -s ${url}/v1/rerank -H 'content-type: application/json' \\
    -d '{"query":"How many people live in Berlin?","documents":["Berlin has 3.7 million inhabitants.","Paris is the capital of France."],"return_documents":true}'
API docs: ${url}/docs   Health: ${url}/health   Stop: Ctrl-C
`);
}

main().catch((error: unknown) => {
  console.error(`fleet failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
