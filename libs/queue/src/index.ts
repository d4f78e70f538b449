export * from './redis-connection';
export * from './job-options';
export * from './worker-registry';
export * from './pair-backlog';
export * from './redis-errors';
