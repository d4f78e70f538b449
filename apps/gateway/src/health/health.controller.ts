import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { GatewayConfig } from '@rerank/config';
import { RedisClient, WorkerRegistry } from '@rerank/queue';
import { Public } from '../auth/public.decorator';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  redis: 'up' | 'down';
  models: Record<string, { workers: number | null }>;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: WorkerRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Redis reachability and live workers per model; 503 unless Redis is up and every model has a worker' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.check();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it if not)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Redis answers and a live worker serves the default model; 503 otherwise' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ready' | 'not ready'; reason?: string }> {
    const report = await this.check();
    const workers = report.models[this.config.defaultModel]?.workers ?? 0;
    const reason =
      report.redis === 'down' ? 'Redis does not answer' : workers ? undefined : `no live worker serves "${this.config.defaultModel}"`;
    response.status(reason ? 503 : 200);
    return reason ? { status: 'not ready', reason } : { status: 'ready' };
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
