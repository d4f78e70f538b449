import type { INestApplicationContext, LoggerService } from '@nestjs/common';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Stops the process cleanly on SIGTERM or SIGINT: Nest runs every shutdown hook (the gateway
 * first closes its HTTP server and waits for the requests in flight, only then the queues and
 * the results listener; a worker's BullMQ workers wait for the jobs in hand) and the process
 * exits 0. Nest would otherwise re-raise the signal and die by it. The first signal also starts
 * a `graceMs` clock: a stop that has not finished by then exits 1, so it can never hang.
 */
export function enableGracefulShutdown(app: INestApplicationContext, graceMs: number, logger: LoggerService): void {
  app.enableShutdownHooks([...SHUTDOWN_SIGNALS], { useProcessExit: true });
  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log({ msg: 'shutting down', signal, graceMs });
      setTimeout(() => {
        logger.error({ msg: 'shutdown did not finish within RERANK_SHUTDOWN_GRACE_MS; exiting anyway', graceMs });
        process.exit(1);
      }, graceMs).unref();
    });
  }
}
