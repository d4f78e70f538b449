/**
 * Source of the thread that renews the locks of the jobs a worker holds. BullMQ renews locks
 * from the event loop, which a job tokenizing megabytes of text blocks for seconds; from here a
 * short lock stays held while the process lives and is not frozen, whatever the main thread does.
 * Kept as a string so it runs the same from compiled output and from TypeScript sources.
 */
export const JOB_LOCK_KEEPER_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const IORedis = require(workerData.ioredisPath);
const { Job, Queue } = require(workerData.bullmqPath);

const { redisUrl, redisOptions, prefix, lockMs, renewEveryMs } = workerData;
// Fails fast while Redis is away: a renewal that waited would be late anyway.
const connection = new IORedis(redisUrl, { ...redisOptions, maxRetriesPerRequest: 1 });
connection.on('error', () => undefined);
const queues = new Map();
// Lock token -> the job it locks and whether its last renewal found the lock gone. A token is
// unique to one attempt of one job on this worker.
const held = new Map();

function queueNamed(name) {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection, prefix });
    queue.on('error', () => undefined);
    queues.set(name, queue);
  }
  return queue;
}

parentPort.on('message', (message) => {
  if (message.type === 'hold') {
    held.set(message.token, { job: new Job(queueNamed(message.queue), message.name, {}, {}, message.jobId), gone: false });
  } else if (message.type === 'release') {
    held.delete(message.token);
  }
});

async function renewAll() {
  const failures = [];
  await Promise.all(
    [...held].map(async ([token, entry]) => {
      // Gone at the last round and still not released a round later: not a job that just
      // finished (its release follows at once) but one handed on while this process was frozen
      // or cut off from Redis, which it is still scoring.
      if (entry.gone) {
        held.delete(token);
        parentPort.postMessage({ type: 'lost', queue: entry.job.queueName, jobId: entry.job.id });
        return;
      }
      try {
        // 0: the lock is gone or carries another worker's token.
        if ((await entry.job.extendLock(token, lockMs)) === 0) entry.gone = true;
      } catch (error) {
        failures.push(String((error && error.message) || error));
      }
    }),
  );
  if (failures.length > 0) parentPort.postMessage({ type: 'failed', count: failures.length, reason: failures[0] });
  setTimeout(renewAll, renewEveryMs);
}

setTimeout(renewAll, renewEveryMs);
parentPort.postMessage({ type: 'ready' });
`;
