export * from './parse-env';
export * from './model-name';
export * from './gateway-config';
export * from './worker-config';
export * from './log-levels';
