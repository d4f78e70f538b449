import { scoreQueueName, ScorePairsResult } from '@rerank/contracts';
import type { RedisTarget } from '@rerank/config';
import { bullPrefixFor, createRedisConnection } from '@rerank/queue';
import { QueueEvents } from 'bullmq';

export interface TokenCounts {
  real: number;
  padded: number;
  /** Completed jobs whose result carried both counts. */
  jobs: number;
}

/**
 * Sums the padded and real token counts the workers put in each job's result, read from the
 * queue's completion events — the same stream the gateway reads — so no log parsing or extra
 * endpoint is needed. Counts go to whichever bucket is open when the event arrives.
 */
export class PaddingTracker {
  private current: TokenCounts | undefined;

  private constructor(private readonly events: QueueEvents) {
    events.on('completed', ({ returnvalue }) => this.record(returnvalue));
  }

  static async start(redis: RedisTarget, prefix: string, modelName: string): Promise<PaddingTracker> {
    const queueName = scoreQueueName(modelName);
    const events = new QueueEvents(queueName, {
      connection: createRedisConnection(redis, 'consumer'),
      prefix: bullPrefixFor(redis, prefix, queueName),
    });
    await events.waitUntilReady();
    return new PaddingTracker(events);
  }

  /** Starts a new bucket; events from now on count into it. */
  open(): TokenCounts {
    this.current = { real: 0, padded: 0, jobs: 0 };
    return this.current;
  }

  async close(): Promise<void> {
    this.current = undefined;
    await this.events.close();
  }

  private record(returnvalue: unknown): void {
    if (!this.current) return;
    let result: Partial<ScorePairsResult>;
    try {
      result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as Partial<ScorePairsResult>;
    } catch {
      return;
    }
    if (typeof result?.paddedTokens !== 'number' || typeof result.realTokens !== 'number') return;
    this.current.padded += result.paddedTokens;
    this.current.real += result.realTokens;
    this.current.jobs++;
  }
}

/** padded / real, rounded; null when no job reported its counts. */
export function paddingRatio(counts: TokenCounts): number | null {
  return counts.jobs > 0 && counts.real > 0 ? Math.round((counts.padded / counts.real) * 1000) / 1000 : null;
}
