import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { HEARTBEAT_INTERVAL_MS } from '@rerank/contracts';
import { WorkerConfig } from '@rerank/config';
import { WorkerRegistry } from '@rerank/queue';
import { WORKER_CONFIG, WORKER_ID, WORKER_REDIS } from '../worker.tokens';

/** Announces this worker to the fleet so the gateway's health check can count live workers per model. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly registry: WorkerRegistry;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(WORKER_REDIS) redis: IORedis,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    this.registry = new WorkerRegistry(redis, config.queuePrefix);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.leave(this.config.model.name, this.workerId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.registry.beat(this.config.model.name, this.workerId);
    } catch (error) {
      // Redis may be restarting; the next beat retries, the gateway meanwhile sees the worker age out.
      this.logger.warn(`heartbeat failed: ${(error as Error).message}`);
    }
  }
}
