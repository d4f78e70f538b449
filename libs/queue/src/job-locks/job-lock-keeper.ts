import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { redisUrlOptions } from '../redis-connection';
import { JOB_LOCK_KEEPER_THREAD_SOURCE } from './job-lock-keeper.thread';

export interface JobLockKeeperOptions {
  redisUrl: string;
  /** The queues' Redis key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** What each renewal sets the lock to: the worker's `lockDuration`. */
  lockMs: number;
}

type ThreadMessage = { type: 'ready' } | { type: 'lost'; queue: string; jobId: string } | { type: 'failed'; count: number; reason: string };

const FAILURE_LOG_INTERVAL_MS = 5_000;

/**
 * Renews the locks of the jobs this process holds from a thread of its own, every quarter of
 * the lock, so a lock much shorter than the longest stretch the event loop can be busy (a job
 * tokenizing megabytes of text) still expires only when the process dies or is frozen. The
 * worker hands BullMQ `skipLockRenewal` and calls `hold` / `release` around each job.
 */
export class JobLockKeeper {
  private readonly logger = new Logger(JobLockKeeper.name);
  private lastFailureLog = 0;

  private constructor(private readonly thread: Worker) {
    thread.on('message', (message: ThreadMessage) => this.report(message));
    thread.on('error', (error) =>
      this.logger.error({ msg: 'the job lock thread failed; locks are no longer renewed', reason: error.message }),
    );
    // The thread must not keep a stopping process alive: its locks matter only while the process runs.
    thread.unref();
  }

  static async start(options: JobLockKeeperOptions): Promise<JobLockKeeper> {
    const thread = new Worker(JOB_LOCK_KEEPER_THREAD_SOURCE, {
      eval: true,
      workerData: {
        ioredisPath: require.resolve('ioredis'),
        bullmqPath: require.resolve('bullmq'),
        redisUrl: options.redisUrl,
        redisOptions: redisUrlOptions(options.redisUrl),
        prefix: options.prefix,
        lockMs: options.lockMs,
        renewEveryMs: Math.floor(options.lockMs / 4),
      },
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(new Error(`the job lock thread failed to start: ${error.message}`, { cause: error }));
      thread.once('error', failed);
      thread.once('message', () => {
        thread.off('error', failed);
        resolve();
      });
    });
    return new JobLockKeeper(thread);
  }

  /** Keeps renewing the lock `token` of job `jobId` on `queue` until `release(token)`. */
  hold(queue: string, jobName: string, jobId: string, token: string): void {
    this.thread.postMessage({ type: 'hold', queue, name: jobName, jobId, token });
  }

  release(token: string): void {
    this.thread.postMessage({ type: 'release', token });
  }

  async close(): Promise<void> {
    await this.thread.terminate();
  }

  private report(message: ThreadMessage): void {
    if (message.type === 'lost') {
      this.logger.warn({
        msg: 'lost the lock of a job in hand; another worker may be running it, and only the first result counts',
        queue: message.queue,
        jobId: message.jobId,
      });
    } else if (message.type === 'failed' && Date.now() - this.lastFailureLog >= FAILURE_LOG_INTERVAL_MS) {
      this.lastFailureLog = Date.now();
      this.logger.warn({ msg: 'could not renew job locks; Redis may be away', jobs: message.count, reason: message.reason });
    }
  }
}
