/** Injection tokens of the worker process. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const CROSS_ENCODER = Symbol('CROSS_ENCODER');
export const WORKER_REDIS = Symbol('WORKER_REDIS');
export const WORKER_ID = Symbol('WORKER_ID');
