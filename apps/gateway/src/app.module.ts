import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { RedisClient, WorkerRegistry, createRedisConnection } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from './gateway.tokens';
import { AdminModule } from './admin/admin.module';
import { CollectionsModule } from './collections/collections.module';
import { EmbeddingsModule } from './embeddings/embeddings.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { RerankModule } from './rerank/rerank.module';
import { SearchModule } from './search/search.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, redis: RedisClient = createRedisConnection(config.redis, 'producer')): DynamicModule {
    const providers = [
      { provide: GATEWAY_CONFIG, useValue: config },
      { provide: GATEWAY_REDIS, useValue: redis },
      { provide: WorkerRegistry, useValue: new WorkerRegistry(redis, config.queuePrefix) },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [
        AuthModule,
        MetricsModule,
        RerankModule,
        EmbeddingsModule,
        ModelsModule,
        HealthModule,
        CollectionsModule,
        SearchModule,
        JobsModule,
        AdminModule,
      ],
      providers,
      exports: providers,
    };
  }
}
