import { Lane, scoreQueueName } from '@rerank/contracts';
import { TestFleet } from '../support/test-fleet';

const KEY = 'admin-key-0123456789abcdef';
const BEARER = { authorization: `Bearer ${KEY}` };
const BASIC = { authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}` };

describe('the queue dashboard at /admin/queues', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await TestFleet.start({ gatewayEnv: { RERANK_API_KEYS: KEY } });
  });

  afterAll(async () => fleet?.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fleet.url}${path}`, { headers });

  it('asks a browser for the API key (401 with a Basic challenge) when none or a wrong one is sent', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-key-0123456789abcdef' },
      { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
    ];
    for (const headers of attempts) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const response = await get(path, headers);
        expect([path, response.status]).toEqual([path, 401]);
        expect(response.headers.get('www-authenticate')).toBe('Basic realm="rerank-fleet admin"');
        expect(await response.json()).toMatchObject({ statusCode: 401, message: 'unauthorized' });
      }
    }
  });

  it('serves the dashboard page to the key as a bearer token or as the Basic password', async () => {
    for (const headers of [BEARER, BASIC]) {
      const response = await get('/admin/queues', headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await response.text();
      expect(page).toContain(`rerank-fleet · ${fleet.prefix}`);
      // The page's scripts load through the same guard.
      const script = /src="(static\/js\/[^"]+\.js)"/.exec(page)?.[1];
      expect((await get(`/admin/queues/${script}`, headers)).status).toBe(200);
      expect((await get(`/admin/queues/${script}`)).status).toBe(401);
    }
  });

  it("lists every lane of the model's score queues, read-only, on the fleet's QUEUE_PREFIX", async () => {
    const response = await get('/admin/queues/api/queues', BASIC);
    expect(response.status).toBe(200);
    const { queues } = (await response.json()) as { queues: Array<{ name: string; readOnlyMode: boolean; hasWorkers: boolean }> };
    expect(queues.map((queue) => queue.name).sort()).toEqual(
      Object.values(Lane)
        .map((lane) => scoreQueueName('tiny', lane))
        .sort(),
    );
    expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);
    // The fleet's worker consumes the interactive lane under the prefix: seen only if the dashboard reads that prefix.
    expect(queues.find((queue) => queue.name === scoreQueueName('tiny'))?.hasWorkers).toBe(true);
  });
});
