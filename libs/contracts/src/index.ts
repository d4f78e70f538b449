export * from './queue-names';
export * from './long-documents';
export * from './score-job';
export * from './score-job.validation';
export * from './worker-heartbeat';
