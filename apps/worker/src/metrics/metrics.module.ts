import { DynamicModule, Module } from '@nestjs/common';
import { WorkerConfig } from '@rerank/config';
import { METRICS_ENDPOINT } from '../worker.tokens';
import { MetricsEndpoint } from './metrics-endpoint';
import { WorkerMetrics } from './worker-metrics';

@Module({})
export class MetricsModule {
  /**
   * The Prometheus endpoint when WORKER_METRICS_PORT is set, else null (and nothing is recorded).
   * It listens while the providers are built, before the models load (MODEL_SCORERS injects it):
   * a port in use stops the worker at once, not after minutes of loading or with jobs in hand.
   */
  static forConfig(config: WorkerConfig): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        {
          provide: METRICS_ENDPOINT,
          useFactory: (): Promise<MetricsEndpoint | null> | null =>
            config.metrics.port === 0 ? null : MetricsEndpoint.listen(new WorkerMetrics(), config.metrics.port, config.metrics.host),
        },
      ],
      exports: [METRICS_ENDPOINT],
    };
  }
}
