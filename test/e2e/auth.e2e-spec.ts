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
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-key-0123456789' }, { authorization: `Basic ${KEY}` }];
    for (const headers of attempts) {
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

  it('keeps the API docs behind the keys: 401 without one, served with a bearer key or a key as Basic password', async () => {
    for (const path of ['/docs', '/docs/', '/docs-json', '/docs-yaml']) {
      const response = await fetch(`${fleet.url}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
    const bearer = await fetch(`${fleet.url}/docs-json`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(bearer.status).toBe(200);
    expect(((await bearer.json()) as { paths: object }).paths).toHaveProperty('/v1/rerank');
    const basic = await fetch(`${fleet.url}/docs`, {
      headers: { authorization: `Basic ${Buffer.from(`me:${OTHER_KEY}`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect(await basic.text()).toContain('swagger');
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

describe('per-key rate limits', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start({
      gatewayEnv: { RERANK_API_KEYS: `${KEY},${OTHER_KEY}`, RERANK_RATE_LIMIT_REQUESTS: '3', RERANK_RATE_LIMIT_PAIRS: '5' },
    });
  });

  afterAll(async () => fleet?.stop());

  /** Runs `attempt` inside one clock minute (the limiter's window), retrying once across a boundary. */
  async function withinOneWindow<T>(attempt: () => Promise<T>): Promise<T> {
    for (;;) {
      const minute = Math.floor(Date.now() / 60_000);
      const result = await attempt();
      if (Math.floor(Date.now() / 60_000) === minute) return result;
    }
  }

  it('answers 429 with Retry-After once a key has used its pairs for the minute, without touching other keys', async () => {
    const statuses = await withinOneWindow(async () => {
      const first = await fleet.post('/v1/rerank', { query: 'q', documents: ['a', 'b', 'c'] }, { authorization: `Bearer ${KEY}` });
      const second = await fleet.post('/v1/rerank', { query: 'q', documents: ['a', 'b', 'c'] }, { authorization: `Bearer ${KEY}` });
      const other = await fleet.post('/v1/rerank', { query: 'q', documents: ['a'] }, { authorization: `Bearer ${OTHER_KEY}` });
      return { first, second, other };
    });
    expect(statuses.first.status).toBe(200);
    expect(statuses.second.status).toBe(429);
    expect(statuses.second.body.message).toMatch(/^rate limit of this API key exceeded \(pairs per minute\); retry after \d+ s$/);
    const retryAfter = Number(statuses.second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(statuses.other.status).toBe(200);
  });

  it('answers 429 past the requests per minute', async () => {
    const statuses = await withinOneWindow(async () => {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push((await fleet.post('/v1/rerank', { query: 'q', documents: [] }, { authorization: `Bearer ${OTHER_KEY}` })).status);
      }
      return codes;
    });
    // Empty documents are a 400 but still count as requests; the fourth in the minute is refused.
    expect(statuses.slice(-1)).toEqual([429]);
  });
});
