export * from './parse-env';
export * from './model-name';
export * from './model-list';
export * from './gateway-config';
export * from './worker-config';
export * from './retrieval-config';
export * from './log-levels';
export * from './auth-config';
