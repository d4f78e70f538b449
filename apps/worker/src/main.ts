import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enableGracefulShutdown, loadWorkerConfig, logLevelsUpTo } from '@rerank/config';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { assertRedisReachable, createRedisConnection } from '@rerank/queue';
import { ModelScorers, withModelKinds } from './score/model-scorers';
import { MetricsEndpoint } from './metrics/metrics-endpoint';
import { METRICS_ENDPOINT, MODEL_SCORERS, WORKER_ID } from './worker.tokens';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const settings = loadWorkerConfig();
  const logger = new ConsoleLogger('worker', { json: true, logLevels: logLevelsUpTo(settings.logLevel) });
  // From the first line: the Redis probe below logs before Nest would install this logger.
  Logger.overrideLogger(logger);
  const probe = createRedisConnection(settings.redis, 'producer');
  try {
    await assertRedisReachable(probe, settings.redis);
  } finally {
    probe.disconnect();
  }
  // Each model's kind decides which consumers bind to its queues, so it is settled first.
  const config = await withModelKinds(settings);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger,
    abortOnError: false,
  });
  enableGracefulShutdown(app, config.shutdownGraceMs, logger);
  const scorers = app.get<ModelScorers>(MODEL_SCORERS);
  logger.log({
    msg: 'worker ready',
    workerId: app.get<string>(WORKER_ID),
    models: scorers.served().map(({ name, kind, modelPath, fingerprint, maxLength, dimensions, threads }) => ({
      model: name,
      kind,
      modelFile: modelPath,
      fingerprint,
      maxLength,
      ...(dimensions === undefined ? {} : { dimensions }),
      threads,
      queue: scoreQueueName(name),
      bulkQueue: scoreQueueName(name, Lane.Bulk),
    })),
    executionProvider: config.runtime.executionProvider,
    concurrency: config.concurrency,
    tokenizerThreads: config.tokenizerThreads,
    bulkConcurrency: config.bulk.concurrency,
    metrics: app.get<MetricsEndpoint | null>(METRICS_ENDPOINT)?.url ?? null,
  });
}

main().catch((error: unknown) => {
  // One clear line: operators read this in a crash loop, not a stack trace.
  console.error(`worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
