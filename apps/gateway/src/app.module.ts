import { DynamicModule, Module } from '@nestjs/common';
import IORedis from 'ioredis';
import { GatewayConfig } from '@rerank/config';
import { createRedisConnection } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from './gateway.tokens';
import { HealthModule } from './health/health.module';
import { RerankModule } from './rerank/rerank.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, redis: IORedis = createRedisConnection(config.redisUrl, 'producer')): DynamicModule {
    const providers = [
      { provide: GATEWAY_CONFIG, useValue: config },
      { provide: GATEWAY_REDIS, useValue: redis },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [RerankModule, HealthModule],
      providers,
      exports: providers,
    };
  }
}
