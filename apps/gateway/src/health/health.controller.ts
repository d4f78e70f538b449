import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import IORedis from 'ioredis';
import { GatewayConfig } from '@rerank/config';
import { WorkerRegistry } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  redis: 'up' | 'down';
  models: Record<string, { workers: number | null }>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly registry: WorkerRegistry;

  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: IORedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.registry = new WorkerRegistry(redis, config.queuePrefix);
  }

  @Get()
  @ApiOperation({ summary: 'Redis reachability and live workers per model; 503 unless Redis is up and every model has a worker' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.check();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  private async check(): Promise<HealthReport> {
    const models = this.config.models;
    try {
      await this.redis.ping();
    } catch {
      return { status: 'down', redis: 'down', models: Object.fromEntries(models.map((model) => [model, { workers: null }])) };
    }
    const counts = await Promise.all(models.map((model) => this.registry.countLive(model).catch(() => null)));
    return {
      status: counts.every((workers) => workers) ? 'ok' : 'degraded',
      redis: 'up',
      models: Object.fromEntries(models.map((model, i) => [model, { workers: counts[i] }])),
    };
  }
}
