import { ConfigError } from './parse-env';
import { loadGatewayConfig } from './gateway-config';
import { loadWorkerConfig } from './worker-config';

describe('REDIS_URL in the configuration', () => {
  it('keeps a rediss:// URL with its credentials for the connection', () => {
    expect(loadGatewayConfig({ REDIS_URL: 'rediss://alice:s3cret@redis.example.com:6380/1' }).redis).toEqual({
      mode: 'single',
      url: 'rediss://alice:s3cret@redis.example.com:6380/1',
    });
    expect(loadWorkerConfig({ REDIS_URL: 'REDISS://:s3cret@redis.example.com:6380' }).redis).toEqual({
      mode: 'single',
      url: 'REDISS://:s3cret@redis.example.com:6380',
    });
  });

  it.each([
    ['http://:s3cret@redis.example.com:6379', 'REDIS_URL: must start with redis:// (or rediss:// for TLS) (value hidden)'],
    ['redis.example.com:s3cret', 'REDIS_URL: must start with redis:// (or rediss:// for TLS) (value hidden)'],
    ['s3cret', 'REDIS_URL: Invalid url (value hidden)'],
  ])('names the variable for %s without printing the value', (url, line) => {
    for (const load of [loadGatewayConfig, loadWorkerConfig]) {
      let error: unknown;
      try {
        load({ REDIS_URL: url });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(line);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
