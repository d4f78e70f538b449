import 'reflect-metadata';
import { ConsoleLogger, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { enableGracefulShutdown, loadGatewayConfig, logLevelsUpTo } from '@rerank/config';
import { assertRedisReachable, createRedisConnection, describeRedisTarget } from '@rerank/queue';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { assignRequestId } from './common/request-id';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { translateBodyParserErrors } from './common/body-parser-errors';
import { teiBodyErrors } from './rerank/tei/tei-body-errors';
import { checkJsonBody } from './common/json-body-checks';
import { setUpApiDocs } from './common/api-docs';
import { ApiKeyVerifier } from './auth/api-key.verifier';
import { collectionJsonParser } from './collections/collection-body-parser';
import { closeIdleConnectionsWhileClosing } from './common/close-idle-connections';
import { declaredFieldsTransformer } from './common/declared-fields.transformer';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = new ConsoleLogger('gateway', { json: true, logLevels: logLevelsUpTo(config.logLevel) });
  // From the first line: the Redis probe below logs before Nest would install this logger.
  Logger.overrideLogger(logger);
  const redis = createRedisConnection(config.redis, 'producer');
  await assertRedisReachable(redis, config.redis);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, redis), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.use(assignRequestId);
  app.use(httpMetrics(app.get(GatewayMetrics)));
  app.use('/v1/collections', collectionJsonParser(config.collectionJsonLimitBytes));
  app.useBodyParser('json', { limit: config.bodyLimitBytes, verify: checkJsonBody });
  app.use(translateBodyParserErrors);
  app.use(teiBodyErrors);
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, transform: true, stopAtFirstError: true, transformerPackage: declaredFieldsTransformer }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  enableGracefulShutdown(app, config.shutdownGraceMs, logger);
  closeIdleConnectionsWhileClosing(app.getHttpServer());
  setUpApiDocs(app, new ApiKeyVerifier(config.auth));
  if (config.auth.mode === 'open') {
    logger.warn(
      'AUTHENTICATION IS OFF: anyone who reaches this port can use the API. ' +
        'Set RERANK_API_KEYS or RERANK_API_KEYS_FILE to require keys (NODE_ENV=production refuses to start open).',
    );
  }
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  logger.log({ msg: 'gateway listening', url, models: config.models, redis: describeRedisTarget(config.redis) });
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
