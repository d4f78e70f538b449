import { Inject, Injectable, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { bullPrefixFor, RedisClient } from '@rerank/queue';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { logErrorsOf } from '@rerank/queue';
import { GATEWAY_CONFIG, GATEWAY_REDIS } from '../gateway.tokens';

/** The producer side of every model's score queue this gateway routes to. */
@Injectable()
export class ScoreQueuesService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
  ) {}

  /** Models this gateway accepts in a request's `model` field. */
  get models(): string[] {
    return this.config.models;
  }

  /** Resolves a request's `model` (or the default) to a served model, or answers 404. */
  resolveModel(requested: string | undefined): string {
    const model = requested ?? this.config.defaultModel;
    if (!this.models.includes(model)) {
      throw new NotFoundException(`model "${model}" is not served here; available models: ${this.models.join(', ')}`);
    }
    return model;
  }

  queueFor(model: string, lane: Lane = Lane.Interactive): Queue {
    const name = scoreQueueName(model, lane);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: bullPrefixFor(this.config.redis, this.config.queuePrefix, name) });
      logErrorsOf(queue, 'Queue', { queue: name });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
