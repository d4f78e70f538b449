/** Injection tokens of the worker process. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
/** The `ModelScorers` of every served model. */
export const MODEL_SCORERS = Symbol('MODEL_SCORERS');
export const WORKER_REDIS = Symbol('WORKER_REDIS');
export const WORKER_ID = Symbol('WORKER_ID');
/** The worker's `MetricsEndpoint`, or null when WORKER_METRICS_PORT is 0. */
export const METRICS_ENDPOINT = Symbol('METRICS_ENDPOINT');
/** The `JobLockKeeper` that renews the interactive jobs' locks off the event loop. */
export const JOB_LOCK_KEEPER = Symbol('JOB_LOCK_KEEPER');
