import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HEARTBEAT_TTL_MS, ModelInfo, ModelKind } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { WorkerRegistry } from '@rerank/queue';
import { GATEWAY_CONFIG } from '../gateway.tokens';

/** A routed model as the fleet knows it right now. */
export interface FleetModel {
  id: string;
  /** What the model computes, as its workers last reported it; null before any worker has. */
  kind: ModelKind | null;
  /** Tokens per pair (or per text, for a bi-encoder), as the model's workers last reported it; null before any worker has. */
  maxLength: number | null;
  /** Length of a bi-encoder's vectors; null for a cross-encoder, or before any worker has reported. */
  dimensions: number | null;
  /** Workers that sent a heartbeat for the model in the last HEARTBEAT_TTL_MS. */
  workers: number;
}

/** What each kind is asked for, for the message that refuses the other. */
const KIND_DOES: Record<ModelKind, { does: string; route: string }> = {
  'cross-encoder': { does: 'scores (query, document) pairs', route: 'the rerank routes (/v1/rerank, /v2/rerank, /rerank)' },
  'bi-encoder': { does: 'embeds texts', route: 'POST /v1/embeddings or POST /embed' },
};

/** The 400 for a model of the wrong kind for the route: what it is, and where to use it instead. */
function kindMismatch(model: string, actual: ModelKind, wanted: ModelKind): BadRequestException {
  return new BadRequestException(
    `model "${model}" is a ${actual}: it ${KIND_DOES[actual].does}, so use it with ${KIND_DOES[actual].route}; ` +
      `this route needs a ${wanted} (GET /v1/models lists each model's kind)`,
  );
}

/** Workers older than bi-encoders serve cross-encoders only and publish no kind. */
function kindIn(info: ModelInfo): ModelKind {
  return info.kind ?? 'cross-encoder';
}

/**
 * How long a model found served stays so without asking Redis again: under load every request
 * asked, one round trip each. A worker that leaves is seen this much later at most (one killed
 * outright only after HEARTBEAT_TTL_MS in any case); a model found unserved is asked again at once.
 */
const SERVED_TTL_MS = 100;

interface LiveReading {
  workers: number;
  info: ModelInfo | undefined;
}

/** Which of the routed models have live workers, and of which kind, from the workers' heartbeats in Redis. */
@Injectable()
export class FleetModelsService {
  private readonly served = new Map<string, { at: number; reading: Promise<LiveReading> }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: WorkerRegistry,
  ) {}

  async describe(): Promise<FleetModel[]> {
    return Promise.all(
      this.config.models.map(async (id) => {
        const [workers, info] = await Promise.all([this.registry.countLive(id), this.registry.modelInfo(id)]);
        return {
          id,
          kind: info ? kindIn(info) : null,
          maxLength: info?.maxLength ?? null,
          dimensions: info?.dimensions ?? null,
          workers,
        };
      }),
    );
  }

  /** The kind `model`'s workers last reported; undefined before any has. */
  async kindOf(model: string): Promise<ModelKind | undefined> {
    const info = await this.registry.modelInfo(model);
    return info ? kindIn(info) : undefined;
  }

  /** Answers 400 when `model`'s workers have reported it to be of another kind than `kind`; passes when none has reported yet. */
  async assertKind(model: string, kind: ModelKind): Promise<void> {
    const actual = await this.kindOf(model);
    if (actual && actual !== kind) throw kindMismatch(model, actual, kind);
  }

  /** The vector size a bi-encoder's workers last reported; undefined before any has (or for a cross-encoder). */
  async dimensionsOf(model: string): Promise<number | undefined> {
    return (await this.registry.modelInfo(model))?.dimensions;
  }

  /**
   * Answers 503 when no worker serves `model`: without this a request for a model that is
   * configured here but served nowhere would wait in its queue for the whole request timeout.
   * With `kind`, answers 400 when the model is of the other kind, naming what it is.
   * Returns how many workers serve it.
   */
  async assertServed(model: string, kind?: ModelKind): Promise<number> {
    // Redis away fails here, and the exception filter answers that 503 for every route alike.
    const { workers, info } = await this.liveReading(model);
    if (kind && info && kindIn(info) !== kind) throw kindMismatch(model, kindIn(info), kind);
    if (workers === 0) {
      throw new ServiceUnavailableException(
        `no worker serves model "${model}" (none sent a heartbeat in the last ${HEARTBEAT_TTL_MS / 1000} s); ` +
          'start one whose RERANK_MODELS lists it, or pick a model from GET /v1/models',
      );
    }
    return workers;
  }

  /**
   * Live workers and model info in one round trip, shared by the requests that ask within
   * SERVED_TTL_MS of a reading that found workers (and by those that ask while it is in flight).
   */
  private liveReading(model: string): Promise<LiveReading> {
    const cached = this.served.get(model);
    if (cached && Date.now() - cached.at < SERVED_TTL_MS) return cached.reading;
    const reading = this.registry.liveCountAndInfo(model);
    const entry = { at: Date.now(), reading };
    this.served.set(model, entry);
    const forget = () => {
      if (this.served.get(model) === entry) this.served.delete(model);
    };
    reading.then(({ workers }) => workers === 0 && forget(), forget);
    return reading;
  }
}
