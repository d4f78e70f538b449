import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import IORedis, { Cluster } from 'ioredis';
import { assertRedisReachable, createRedisConnection, describeRedisTarget, redactRedisUrl } from './redis-connection';

/** Options ioredis settled on; nothing connects (producers are lazy, consumers are told to be). */
function optionsOf(url: string, role: 'producer' | 'consumer' = 'producer') {
  const connection = createRedisConnection(url, role, role === 'consumer' ? { lazyConnect: true } : {});
  connection.disconnect();
  return connection.options;
}

describe('createRedisConnection', () => {
  it('connects with TLS, the user name and the percent-decoded password of a rediss:// URL', () => {
    const options = optionsOf('rediss://alice:s%40cret@redis.example.com:6380/2');
    expect(options.tls).toEqual({});
    expect([options.username, options.password, options.host, options.port, options.db]).toEqual([
      'alice',
      's@cret',
      'redis.example.com',
      6380,
      2,
    ]);
  });

  it('turns TLS on for a scheme in any case, which ioredis alone does only for "rediss://"', () => {
    expect(optionsOf('REDISS://:pw@redis.example.com:6380').tls).toEqual({});
    const bare = new IORedis('REDISS://:pw@redis.example.com:6380', { lazyConnect: true });
    bare.disconnect();
    expect(bare.options.tls).toBeUndefined();
  });

  it('connects without TLS for redis://, with the password alone when there is no user', () => {
    const options = optionsOf('redis://:secret@127.0.0.1:6379');
    expect(options.tls).toBeUndefined();
    expect([options.username, options.password]).toEqual(['', 'secret']);
  });

  it('gives consumers TLS too, and retries forever as BullMQ requires', () => {
    const options = optionsOf('rediss://:secret@redis.example.com:6380', 'consumer');
    expect(options.tls).toEqual({});
    expect(options.maxRetriesPerRequest).toBeNull();
  });

  it("logs connection errors as one warning every few seconds instead of ioredis' unhandled-error lines", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const connection = createRedisConnection('redis://127.0.0.1:6379', 'producer');
    try {
      for (let i = 0; i < 3; i++) connection.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({ role: 'producer', reason: 'connect ECONNREFUSED 127.0.0.1:6379' });
    } finally {
      connection.disconnect();
      warn.mockRestore();
    }
  });
});

describe('createRedisConnection for a Sentinel-managed master or a cluster', () => {
  const sentinel = {
    mode: 'sentinel' as const,
    url: 'rediss://alice:s%40cret@ignored:6379/3',
    sentinels: [{ host: '10.0.0.1', port: 26379 }],
    masterName: 'mymaster',
    sentinelPassword: 'sentinel-pw',
  };

  it('asks the sentinels for the master, with the credentials, TLS and database of REDIS_URL', () => {
    const connection = createRedisConnection(sentinel, 'producer') as IORedis;
    connection.disconnect();
    const { sentinels, name, sentinelPassword, username, password, db, tls, enableTLSForSentinelMode } = connection.options;
    expect({ sentinels, name, sentinelPassword, username, password, db, tls, enableTLSForSentinelMode }).toEqual({
      sentinels: sentinel.sentinels,
      name: 'mymaster',
      sentinelPassword: 'sentinel-pw',
      username: 'alice',
      password: 's@cret',
      db: 3,
      tls: {},
      enableTLSForSentinelMode: true,
    });
    expect([connection.options.maxRetriesPerRequest, connection.options.enableOfflineQueue]).toEqual([1, false]);
  });

  it('reconnects when a demoted master answers a write with READONLY, and on nothing else', () => {
    const connection = createRedisConnection(sentinel, 'consumer', { lazyConnect: true }) as IORedis;
    connection.disconnect();
    const reconnect = connection.options.reconnectOnError as (error: Error) => unknown;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
  });

  it("opens a cluster client on the seed nodes, with credentials and TLS for every node and the role's retry rules", () => {
    const nodes = [
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.1', port: 7001 },
    ];
    const producer = createRedisConnection({ mode: 'cluster', url: 'rediss://:pw@ignored:6379', nodes }, 'producer') as Cluster;
    const consumer = createRedisConnection({ mode: 'cluster', url: 'redis://:pw@ignored:6379', nodes }, 'consumer', {
      lazyConnect: true,
    }) as Cluster;
    producer.disconnect();
    consumer.disconnect();
    expect(producer.isCluster).toBe(true);
    expect(producer.options.redisOptions).toMatchObject({ password: 'pw', tls: {}, maxRetriesPerRequest: 1 });
    expect(producer.options.enableOfflineQueue).toBe(false);
    expect(consumer.options.redisOptions?.maxRetriesPerRequest).toBeNull();
    expect(consumer.options.redisOptions).not.toHaveProperty('db');
  });

  it('names the sentinels or the seed nodes, never a password, in log lines', () => {
    expect(describeRedisTarget(sentinel)).toBe('sentinel master "mymaster" via 10.0.0.1:26379');
    expect(describeRedisTarget({ mode: 'cluster', url: 'redis://:pw@x:1', nodes: [{ host: 'n1', port: 7000 }] })).toBe(
      'cluster via n1:7000',
    );
    expect(describeRedisTarget('redis://:pw@x:1')).toBe('redis://:***@x:1');
  });
});

describe('redactRedisUrl', () => {
  it('hides the password in the user info and in a ?password= parameter, and keeps the rest', () => {
    expect(redactRedisUrl('rediss://alice:s3cret@redis.example.com:6380/2')).toBe('rediss://alice:***@redis.example.com:6380/2');
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(redactRedisUrl('redis://127.0.0.1:6379?password=s3cret&db=1')).toBe('redis://127.0.0.1:6379?password=***&db=1');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('prints nothing of a URL it cannot parse', () => {
    expect(redactRedisUrl('redis://:s3cret@[bad')).toBe('<unparseable REDIS_URL>');
  });
});

/** A connection that refuses the way ioredis does: the reason as an error event, then "Connection is closed.". */
function refusingConnection(reason: string): IORedis {
  const connection = Object.assign(new EventEmitter(), {
    status: 'wait',
    connect: async () => {
      connection.emit('error', new Error(reason));
      throw new Error('Connection is closed.');
    },
    ping: async () => 'PONG',
  });
  return connection as unknown as IORedis;
}

describe('assertRedisReachable', () => {
  const url = 'redis://:s3cret@127.0.0.1:6390';

  it('says the credentials were refused, without printing the password', async () => {
    const failure = assertRedisReachable(refusingConnection('WRONGPASS invalid username-password pair or user is disabled.'), url);
    await expect(failure).rejects.toThrow(
      'Redis at redis://:***@127.0.0.1:6390 refused the credentials (WRONGPASS invalid username-password pair or user is disabled.). ' +
        'Check the user name and password in REDIS_URL (redis://user:password@host:port).',
    );
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('points at NODE_EXTRA_CA_CERTS when the server certificate is not trusted', async () => {
    await expect(
      assertRedisReachable(refusingConnection('self-signed certificate in certificate chain'), `rediss${url.slice(5)}`),
    ).rejects.toThrow(
      /^Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:6390 failed the TLS handshake \(self-signed certificate in certificate chain\)\. .*NODE_EXTRA_CA_CERTS/,
    );
  });

  it('stops listening for errors once it has answered', async () => {
    const connection = refusingConnection('connect ECONNREFUSED 127.0.0.1:6390');
    await expect(assertRedisReachable(connection, url)).rejects.toThrow(
      /^Redis is not reachable at redis:\/\/:\*\*\*@127\.0\.0\.1:6390 \(connect ECONNREFUSED/,
    );
    expect(connection.listenerCount('error')).toBe(0);
  });
});
