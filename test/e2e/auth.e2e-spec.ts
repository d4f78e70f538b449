import { TestFleet } from '../support/test-fleet';

const KEY = 'test-key-0123456789abcdef';
const OTHER_KEY = 'other-key-0123456789abcdef';
const BODY = { query: 'berlin', documents: ['a', 'b'] };

describe('API keys on the gateway', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start({ gatewayEnv: { RERANK_API_KEYS: `${KEY},${OTHER_KEY}` } });
  });

  afterAll(async () => fleet?.stop());

  it('answers 401 with no detail to a missing or wrong key, on every API route', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-key-0123456789' }, { authorization: `Basic ${KEY}` }]) {
      const response = await fleet.post('/v1/rerank', BODY, headers);
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('unauthorized');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await fleet.post('/rerank', { query: 'q', texts: ['a'] })).status).toBe(401);
    expect((await fleet.post('/v1/search', { collection: 'c', query: 'q' })).status).toBe(401);
    expect((await fetch(`${fleet.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${fleet.url}/v1/models`)).status).toBe(401);
  });

  it('serves a request that carries any configured key', async () => {
    for (const key of [KEY, OTHER_KEY]) {
      const response = await fleet.post('/v1/rerank', BODY, { authorization: `Bearer ${key}` });
      expect(response.status).toBe(200);
      expect(response.body.results).toHaveLength(2);
    }
  });

  it('leaves the health probes open for orchestrators', async () => {
    expect((await fleet.get('/health')).status).toBe(200);
    expect((await fleet.get('/health/live')).status).toBe(200);
    expect((await fleet.get('/health/ready')).status).toBe(200);
  });

  it('refuses to start open in production unless RERANK_AUTH=off', async () => {
    await expect(TestFleet.start({ workers: 0, gatewayEnv: { NODE_ENV: 'production' } })).rejects.toThrow(
      /gateway failed to start: refusing to start open with NODE_ENV=production/,
    );
  });
});
