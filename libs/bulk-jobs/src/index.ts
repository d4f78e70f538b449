export * from './bulk-job';
export * from './bulk-job.store';
export * from './bulk-job.records';
