/** The Redis the tests use; CI and the dev machine both have one on the default port. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
