import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HEARTBEAT_TTL_MS } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { WorkerRegistry , RedisClient } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';

/** A routed model as the fleet knows it right now. */
export interface FleetModel {
  id: string;
  /** Tokens per pair, as the model's workers last reported it; null before any worker has. */
  maxLength: number | null;
  /** Workers that sent a heartbeat for the model in the last HEARTBEAT_TTL_MS. */
  workers: number;
}

/** Which of the routed models have live workers, from the workers' heartbeats in Redis. */
@Injectable()
export class FleetModelsService {
  private readonly registry: WorkerRegistry;

  constructor(
    @Inject(GATEWAY_REDIS) redis: RedisClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.registry = new WorkerRegistry(redis, config.queuePrefix);
  }

  async describe(): Promise<FleetModel[]> {
    return Promise.all(
      this.config.models.map(async (id) => {
        const [workers, info] = await Promise.all([this.registry.countLive(id), this.registry.modelInfo(id)]);
        return { id, maxLength: info?.maxLength ?? null, workers };
      }),
    );
  }

  /**
   * Answers 503 when no worker serves `model`: without this a request for a model that is
   * configured here but served nowhere would wait in its queue for the whole request timeout.
   */
  async assertServed(model: string): Promise<void> {
    // Redis away fails here; the exception filter answers that 503 for every route alike.
    const workers = await this.registry.countLive(model);
    if (workers === 0) {
      throw new ServiceUnavailableException(
        `no worker serves model "${model}" (none sent a heartbeat in the last ${HEARTBEAT_TTL_MS / 1000} s); ` +
          'start one whose RERANK_MODELS lists it, or pick a model from GET /v1/models',
      );
    }
  }
}
