export * from './redis-connection';
export * from './job-options';
export * from './worker-registry';
export * from './pair-backlog';
export * from './queue-prefix';
export * from './lua-script';
export * from './redis-errors';
export * from './job-locks/job-lock-keeper';
