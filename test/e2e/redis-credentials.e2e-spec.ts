import { randomUUID } from 'node:crypto';
import { FleetProcess, FleetRole } from '../../tools/fleet/fleet-process';
import { freePort } from '../../tools/fleet/fleet-housekeeping';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { SecuredRedis } from '../support/secured-redis';
import { TestFleet } from '../support/test-fleet';

// '/' and '@' must be percent-encoded in the URL: the fleet has to decode them to log in.
const SECRET = 'fleet/s3cret@redis';
const WRONG = 'wrong/pa55word@redis';
const BODY = { query: 'berlin', documents: ['Berlin has 3.7 million inhabitants.', 'Paris is in France.'] };

/** Everything a process printed, in every form the password could take there. */
function expectNoSecret(output: string, secret: string): void {
  for (const form of [secret, encodeURIComponent(secret)]) expect(output).not.toContain(form);
}

/** Starts one role against `env` and waits for it to give up; returns its exit code and output. */
async function failedStart(role: FleetRole, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = FleetProcess.start(role, {
    env: {
      ...process.env,
      RERANK_MODEL: TINY_FIXTURE_DIR,
      QUEUE_PREFIX: `test-${randomUUID()}`,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      ...env,
    },
  });
  const code = await child.exited;
  return { code, output: child.output };
}

describe('a Redis that wants a password', () => {
  let redis: SecuredRedis;
  let fleet: TestFleet;

  beforeAll(async () => {
    redis = await SecuredRedis.start({ password: SECRET });
    fleet = await TestFleet.start({ env: { REDIS_URL: redis.url() } });
  });

  afterAll(async () => {
    await fleet?.stop();
    await redis?.stop();
  });

  it('serves a rerank request, and neither the gateway nor the worker prints the password', async () => {
    const response = await fleet.post('/v1/rerank', BODY);
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(2);
    expect(fleet.gateway.output).toContain(`"redis":"redis://:***@127.0.0.1:${redis.port}"`);
    for (const child of [fleet.gateway, ...fleet.workers]) expectNoSecret(child.output, SECRET);
  });

  it('refuses to start with a wrong password, saying so in one line that does not print it', async () => {
    for (const role of ['gateway', 'worker'] as const) {
      const { code, output } = await failedStart(role, { REDIS_URL: redis.url(WRONG) });
      expect(code).toBe(1);
      expect(output).toContain(
        `${role} failed to start: Redis at redis://:***@127.0.0.1:${redis.port} refused the credentials ` +
          '(WRONGPASS invalid username-password pair or user is disabled.). Check the user name and password in REDIS_URL',
      );
      expectNoSecret(output, WRONG);
    }
  });
});

describe('a Redis over TLS (rediss://) with a certificate from a private CA', () => {
  let redis: SecuredRedis;
  let fleet: TestFleet;

  beforeAll(async () => {
    redis = await SecuredRedis.start({ password: SECRET, tls: true });
    fleet = await TestFleet.start({ env: { REDIS_URL: redis.url(), NODE_EXTRA_CA_CERTS: redis.caFile as string } });
  });

  afterAll(async () => {
    await fleet?.stop();
    await redis?.stop();
  });

  it('serves a rerank request with the CA trusted through NODE_EXTRA_CA_CERTS', async () => {
    const response = await fleet.post('/v1/rerank', BODY);
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(2);
    for (const child of [fleet.gateway, ...fleet.workers]) expectNoSecret(child.output, SECRET);
  });

  it('refuses to start when the CA is not trusted, and says where to add it', async () => {
    const { code, output } = await failedStart('gateway', { REDIS_URL: redis.url(), NODE_EXTRA_CA_CERTS: '' });
    expect(code).toBe(1);
    expect(output).toMatch(
      /gateway failed to start: Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+ failed the TLS handshake \(.*certificate.*\)\. .*NODE_EXTRA_CA_CERTS/,
    );
    expectNoSecret(output, SECRET);
  });
});
