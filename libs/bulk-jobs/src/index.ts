export * from './bulk-job';
export * from './bulk-job.store';
