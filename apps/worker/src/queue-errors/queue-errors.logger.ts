import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { logErrorsOf } from '@rerank/queue';

/**
 * Gives every BullMQ Worker and Queue of this process an 'error' listener that logs one JSON
 * line. BullMQ prints an error nobody listens for with `console.error`: a multi-line stack per
 * reconnect attempt after a Redis restart, and per lost lock when a paused (SIGSTOP) worker
 * resumes. Found by discovery, so a processor or queue added later is covered without a word here.
 */
@Injectable()
export class QueueErrorsLogger implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      // Bootstrap runs after @nestjs/bullmq created the workers in onModuleInit, so `worker` is there.
      if (instance instanceof WorkerHost) logErrorsOf(instance.worker, 'Worker', { queue: instance.worker.name });
      else if (instance instanceof Queue) logErrorsOf(instance, 'Queue', { queue: instance.name });
    }
  }
}
