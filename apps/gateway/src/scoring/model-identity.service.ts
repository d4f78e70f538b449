import { Injectable, Logger } from '@nestjs/common';
import { ModelInfo } from '@rerank/contracts';
import { WorkerRegistry } from '@rerank/queue';

/** What a model's scores depend on, as its workers run it. */
export interface ModelIdentity {
  fingerprint: string;
  maxLength: number;
}

const identityOf = (info: ModelInfo | undefined) =>
  info ? `${info.fingerprint ?? 'no fingerprint'}@${info.maxLength}` : 'nothing published';

/**
 * The one identity all live workers of a model share, from what they publish with their
 * heartbeats. There is none while the model has no live worker, or while its workers disagree
 * (a rollout of new weights, another RERANK_MAX_LENGTH, a worker too old to publish one): a
 * score could then come from either version, and the cache must hold only one version's scores.
 */
@Injectable()
export class ModelIdentityService {
  private readonly logger = new Logger(ModelIdentityService.name);
  /** Models whose workers disagree right now, so a rollout is logged once, not on every request. */
  private readonly disagreeing = new Set<string>();

  constructor(private readonly registry: WorkerRegistry) {}

  /** The identity every live worker of `model` reports; undefined when there is not exactly one. */
  async current(model: string): Promise<ModelIdentity | undefined> {
    const infos = await this.registry.liveModelInfos(model);
    if (infos.length === 0) return undefined;
    const fingerprint = infos[0]?.fingerprint;
    const maxLength = infos[0]?.maxLength;
    const agreed = infos.every((info) => info !== undefined && info.fingerprint === fingerprint && info.maxLength === maxLength);
    if (fingerprint === undefined || maxLength === undefined || !agreed) {
      if (!this.disagreeing.has(model)) {
        this.disagreeing.add(model);
        this.logger.warn({
          msg: 'score cache bypassed: the live workers of the model do not all report one fingerprint and max length',
          model,
          identities: [...new Set(infos.map(identityOf))],
        });
      }
      return undefined;
    }
    if (this.disagreeing.delete(model)) {
      this.logger.log({ msg: 'score cache resumed: the live workers of the model agree again', model, identity: identityOf(infos[0]) });
    }
    return { fingerprint, maxLength };
  }
}
