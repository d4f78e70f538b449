import { QueueState } from './queue-state';
import { TestFleet } from './test-fleet';

/**
 * Sends a request while a second worker takes its first job and freezes (SIGSTOP) holding it;
 * the fleet's first worker scores the rest. The documents of that first job are therefore the
 * ones a deadline leaves unscored. Needs WORKER_CONCURRENCY 1 and a long stalled interval.
 */
export async function withFirstJobStuck<T>(fleet: TestFleet, queue: QueueState, send: () => Promise<T>): Promise<T> {
  const [fast] = fleet.workers;
  // A lone job waits a second in this worker's batcher for company: time enough to freeze it holding the job.
  const stuck = await fleet.addWorker({ RERANK_BATCH_WAIT_MS: '1000' });
  const active = await queue.active();
  fast.child.kill('SIGSTOP');
  let pending: Promise<T>;
  try {
    pending = send();
    // A rejection is awaited below; until then it must not count as unhandled.
    pending.catch(() => undefined);
    await queue.waitForActive(active + 1);
    stuck.child.kill('SIGSTOP');
  } finally {
    fast.child.kill('SIGCONT');
  }
  try {
    return await pending;
  } finally {
    await stuck.stop('SIGKILL');
    fleet.workers.splice(fleet.workers.indexOf(stuck), 1);
  }
}
