import { loadGatewayConfig } from './gateway-config';
import { loadWorkerConfig } from './worker-config';
import { parseRedisAddresses } from './redis-target';

describe('the Redis target', () => {
  it('is one server at REDIS_URL when nothing else is set, as before sentinels and clusters', () => {
    expect(loadWorkerConfig({ REDIS_URL: 'redis://10.0.0.5:6380/2' }).redis).toEqual({ mode: 'single', url: 'redis://10.0.0.5:6380/2' });
  });

  it('is a Sentinel-managed master with the sentinels, the master name and the sentinel password', () => {
    const config = loadGatewayConfig({
      REDIS_URL: 'rediss://:pw@ignored:6379/1',
      REDIS_SENTINELS: 's1:26379, s2:26380,[::1]:26381',
      REDIS_SENTINEL_MASTER: 'mymaster',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
    });
    expect(config.redis).toEqual({
      mode: 'sentinel',
      url: 'rediss://:pw@ignored:6379/1',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      masterName: 'mymaster',
      sentinelPassword: 'sentinel-pw',
    });
  });

  it('is a cluster seeded by REDIS_CLUSTER_NODES', () => {
    expect(loadWorkerConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' }).redis).toEqual({
      mode: 'cluster',
      url: 'redis://127.0.0.1:6379',
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ],
    });
  });

  it('names the variable and the entry when an address is not host:port', () => {
    expect(() => loadGatewayConfig({ REDIS_SENTINELS: 's1:26379,s2', REDIS_SENTINEL_MASTER: 'm' })).toThrow(
      /REDIS_SENTINELS: "s2" is not host:port with a port from 1 to 65535/,
    );
    expect(() => loadWorkerConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:70000' })).toThrow(
      /REDIS_CLUSTER_NODES: "127.0.0.1:70000" is not host:port/,
    );
    expect(() => parseRedisAddresses(' , ')).toThrow('must list at least one host:port');
  });

  it('names the missing half of a Sentinel configuration', () => {
    expect(() => loadGatewayConfig({ REDIS_SENTINELS: 's1:26379' })).toThrow(/REDIS_SENTINEL_MASTER: is required with REDIS_SENTINELS/);
    expect(() => loadGatewayConfig({ REDIS_SENTINEL_MASTER: 'mymaster' })).toThrow(
      /REDIS_SENTINELS: is required with REDIS_SENTINEL_MASTER/,
    );
    expect(() => loadWorkerConfig({ REDIS_SENTINEL_PASSWORD: 'x' })).toThrow(/REDIS_SENTINEL_PASSWORD: is only used with REDIS_SENTINELS/);
  });

  it('refuses a Sentinel and a cluster at once, and a database number on a cluster', () => {
    expect(() => loadGatewayConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'm', REDIS_CLUSTER_NODES: 'n1:7000' })).toThrow(
      /REDIS_CLUSTER_NODES: cannot be set together with REDIS_SENTINELS/,
    );
    expect(() => loadGatewayConfig({ REDIS_URL: 'redis://h:6379/3', REDIS_CLUSTER_NODES: 'n1:7000' })).toThrow(
      /REDIS_URL: cannot select a database with REDIS_CLUSTER_NODES/,
    );
  });

  it('names REDIS_SENTINEL_MASTER when the name holds characters a sentinel would not take', () => {
    expect(() => loadGatewayConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'my master' })).toThrow(
      /REDIS_SENTINEL_MASTER: letters, digits/,
    );
  });
});
