export * from './queue-names';
export * from './long-documents';
export * from './score-job';
export * from './score-job.validation';
export * from './worker-heartbeat';
export * from './bulk-batch';
export * from './bulk-batch.validation';
export * from './bulk-job-keys';
