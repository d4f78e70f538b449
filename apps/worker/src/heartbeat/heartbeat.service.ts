import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HEARTBEAT_INTERVAL_MS } from '@rerank/contracts';
import { WorkerRegistry } from '@rerank/queue';
import { ModelScorers } from '../score/model-scorers';
import { MODEL_SCORERS, WORKER_ID } from '../worker.tokens';

/**
 * Announces this worker under every model it serves, with the model's kind, max length, file
 * fingerprint and (for a bi-encoder) vector size, so the gateway can count live workers per model, describe the models on
 * GET /v1/models and key its score cache on what the workers actually run.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: WorkerRegistry,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(MODEL_SCORERS) private readonly scorers: ModelScorers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.scorers.names.map((model) => this.registry.leave(model, this.workerId).catch(() => undefined)));
  }

  private async beat(): Promise<void> {
    try {
      const now = Date.now();
      await Promise.all(
        this.scorers
          .served()
          .map(({ name, maxLength, fingerprint, kind, dimensions }) =>
            this.registry.beat(
              name,
              this.workerId,
              now,
              dimensions === undefined ? { maxLength, fingerprint, kind } : { maxLength, fingerprint, kind, dimensions },
            ),
          ),
      );
    } catch (error) {
      // Redis may be restarting; the next beat retries, the gateway meanwhile sees the worker age out.
      this.logger.warn(`heartbeat failed: ${(error as Error).message}`);
    }
  }
}
