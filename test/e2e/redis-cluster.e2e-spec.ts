import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { Lane, scoreQueueName } from '@rerank/contracts';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { createRedisConnection, PairBacklog } from '@rerank/queue';
import { KeyRateLimiter } from '../../apps/gateway/src/auth/key-rate-limiter';
import { loadDirectScorer } from '../support/direct-scorer';
import { makeDocuments } from '../support/documents';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { RedisClusterUnderTest, redisCli, until } from '../support/redis-topology';
import { TestFleet } from '../support/test-fleet';

const QUERY = 'How many people live in Berlin?';
const NAME_CANDIDATES = ['tiny', 'tiny-b', 'tiny-c', 'tiny-d', 'tiny-e', 'tiny-f', 'tiny-g', 'tiny-h'];

async function metric(fleet: TestFleet, series: string): Promise<number> {
  const text = await (await fetch(`${fleet.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const sortedIndexes = (results: { index: number }[]) => results.map((r) => r.index).sort((a, b) => a - b);

/**
 * The fleet on a real Redis Cluster of three masters: the paths of rerank, search, bulk jobs,
 * the score cache, rate limits and backpressure, each in a representative case of its own spec.
 */
describe('the fleet on a Redis Cluster of three masters', () => {
  let cluster: RedisClusterUnderTest;
  let fleet: TestFleet;
  let direct: CrossEncoderScorer;
  let client: Cluster;
  /** Two model names whose interactive queues hash to slots on different masters. */
  let models: [string, string];

  /** Ports of the masters holding keys that match `pattern`. */
  async function mastersHolding(pattern: string): Promise<number[]> {
    const found = await Promise.all(
      cluster.nodes.map(async (node) => ((await redisCli(node.port, '--scan', '--pattern', pattern)) ? node.port : undefined)),
    );
    return found.filter((port): port is number => port !== undefined);
  }

  beforeAll(async () => {
    cluster = await RedisClusterUnderTest.start(3);
    const first = NAME_CANDIDATES[0];
    const firstPort = await cluster.portOf(`{${scoreQueueName(first)}}`);
    let second: string | undefined;
    for (const name of NAME_CANDIDATES.slice(1)) {
      if ((await cluster.portOf(`{${scoreQueueName(name)}}`)) !== firstPort) {
        second = name;
        break;
      }
    }
    if (!second) throw new Error('no candidate model name hashes to another master than the first');
    models = [first, second];
    fleet = await TestFleet.start({
      env: {
        ...cluster.env,
        RERANK_MODELS: `${models[0]}=${TINY_FIXTURE_DIR},${models[1]}=${TINY_FIXTURE_DIR}`,
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
        RERANK_BULK_BATCH_PAIRS: '8',
      },
      gatewayEnv: { RERANK_MAX_QUEUED_PAIRS: '10' },
      workerEnv: { WORKER_CONCURRENCY: '1' },
    });
    direct = await loadDirectScorer();
    const nodes = cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
    client = createRedisConnection({ mode: 'cluster', url: cluster.env.REDIS_URL, nodes }, 'consumer') as Cluster;
  }, 90_000);

  afterAll(async () => {
    client?.disconnect();
    await direct?.release();
    await fleet?.stop();
    await cluster?.stop();
  });

  it('reranks on both models, every index once, with the scores of scoring each pair alone', async () => {
    const documents = makeDocuments(20);
    const alone = await direct.score(QUERY, documents);
    for (const model of models) {
      const { status, body } = await fleet.post('/v1/rerank', { model, query: QUERY, documents });
      expect([status, body.model]).toEqual([200, model]);
      expect(sortedIndexes(body.results)).toEqual(documents.map((_, i) => i));
      for (const result of body.results) expect(result.logit).toBeCloseTo(alone.logits[result.index], 4);
    }
  });

  it("keeps each queue's keys in one slot, and the two models' queues on different masters", async () => {
    const [a, b] = models.map((model) => scoreQueueName(model));
    const holdersA = await mastersHolding(`${fleet.prefix}:{${a}}:*`);
    const holdersB = await mastersHolding(`${fleet.prefix}:{${b}}:*`);
    expect(holdersA).toHaveLength(1);
    expect(holdersB).toHaveLength(1);
    expect(holdersA[0]).not.toBe(holdersB[0]);
    // Nothing of BullMQ's sits outside a tagged prefix, where a queue script would cross slots.
    const untagged = await Promise.all(cluster.nodes.map((node) => redisCli(node.port, '--scan', '--pattern', `${fleet.prefix}:score.*`)));
    expect(untagged.join('')).toBe('');
  });

  it('answers a repeated request from the score cache, identically, with the cache keys spread over the masters', async () => {
    const documents = makeDocuments(30, 5);
    const model = models[1];
    const hits = `rerank_score_cache_lookups_total{model="${model}",result="hit"}`;
    const before = await metric(fleet, hits);
    const fresh = await fleet.post('/v1/rerank', { model, query: QUERY, documents });
    const cached = await fleet.post('/v1/rerank', { model, query: QUERY, documents });
    expect([fresh.status, cached.status]).toEqual([200, 200]);
    expect(cached.body.results).toEqual(fresh.body.results);
    expect((await metric(fleet, hits)) - before).toBe(30);
    expect((await mastersHolding(`${fleet.prefix}:score-cache:*`)).length).toBeGreaterThan(1);
  });

  it('reranks the BM25 candidates of a search on the fleet', async () => {
    const corpus = makeDocuments(12, 9).map((text, i) => ({ id: `doc-${i}`, text }));
    expect((await fleet.post('/v1/collections/cluster/documents', corpus)).status).toBe(200);
    const query = corpus[3].text.split(' ').slice(0, 4).join(' ');
    const { status, body } = await fleet.post('/v1/search', { collection: 'cluster', query, top_k: 3, candidates: 6 });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(3);
    const scores = body.results.map((r: { relevance_score: number }) => r.relevance_score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('finishes a bulk job with every pair scored once, as /v1/rerank scores it', async () => {
    const upload = Array.from({ length: 3 }, (_, q) => ({
      query_id: `q${q}`,
      query: `berlin river ${q}`,
      candidates: makeDocuments(10, q + 1).map((text, i) => ({ id: `q${q}-d${i}`, text })),
    }));
    const submit = await fetch(`${fleet.url}/v1/jobs?model=${models[0]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: upload.map((line) => JSON.stringify(line)).join('\n') + '\n',
    });
    expect(submit.status).toBe(202);
    const { id } = (await submit.json()) as { id: string };
    let status: any;
    await until(
      `bulk job ${id} to complete`,
      async () => {
        status = (await fleet.get(`/v1/jobs/${id}`)).body;
        return status.state === 'completed' || status.state === 'failed';
      },
      60_000,
    );
    expect(status.state).toBe('completed');
    expect(status.pairs).toEqual({ done: 30, total: 30 });
    const lines = (await (await fetch(`${fleet.url}/v1/jobs/${id}/results`)).text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.query_id)).toEqual(['q0', 'q1', 'q2']);
    for (const [q, line] of lines.entries()) {
      const ids = line.results.map((r: { id: string }) => r.id).sort();
      expect(ids).toEqual(upload[q].candidates.map((c) => c.id).sort());
      const alone = await direct.score(
        upload[q].query,
        upload[q].candidates.map((c) => c.text),
      );
      for (const result of line.results) {
        const index = upload[q].candidates.findIndex((c) => c.id === result.id);
        expect(result.relevance_score).toBeCloseTo(sigmoid(alone.logits[index]), 5);
      }
    }
    // The job's own keys share one slot: the script storing scores touches them together.
    const jobKeyHolders = await mastersHolding(`${fleet.prefix}:bulk:{${id}}*`);
    expect(jobKeyHolders).toHaveLength(1);
    expect(await mastersHolding(`${fleet.prefix}:{${scoreQueueName(models[0], Lane.Bulk)}}:*`)).toHaveLength(1);
  });

  it('counts per-key rate limits on the cluster, each key and window in its own slot', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = new KeyRateLimiter(client, prefix, { requestsPerMinute: 2, pairsPerMinute: 0 });
    const now = 30_000 + Math.floor(Date.now() / 60_000) * 60_000;
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await limiter.take('key-a', 1, now)).allowed);
    const other = await limiter.take('key-b', 1, now);
    expect(decisions).toEqual([true, true, false]);
    expect(other.allowed).toBe(true);
    for (const key of ['key-a', 'key-b']) expect(await mastersHolding(`${prefix}:ratelimit:{${key}:*`)).toHaveLength(1);
  });

  it("answers 429 with Retry-After while a model's queue is over RERANK_MAX_QUEUED_PAIRS, and admits again once it drains", async () => {
    const [worker] = fleet.workers;
    const model = models[0];
    worker.child.kill('SIGSTOP');
    let filling: ReturnType<TestFleet['post']> | undefined;
    try {
      filling = fleet.post('/v1/rerank', { model, query: 'backpressure', documents: makeDocuments(12, 21), deadline_ms: 20_000 });
      const backlog = new PairBacklog(client, fleet.prefix);
      await until('the filling request to be queued', async () => (await backlog.count(scoreQueueName(model))) >= 12);
      const scraped = await (await fetch(`${fleet.url}/metrics`)).text();
      expect(scraped.split('\n').filter((line) => line.startsWith('rerank_queued_pairs{'))).toContain(
        `rerank_queued_pairs{model="${model}"} 12`,
      );
      const refused = await fleet.post('/v1/rerank', { model, query: 'backpressure', documents: makeDocuments(4, 22) });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.message).toMatch(new RegExp(`^model "${model}" has 12 pairs queued, over the bound of 10`));
    } catch (error) {
      filling?.catch(() => undefined);
      throw error;
    } finally {
      worker.child.kill('SIGCONT');
    }
    expect((await filling)?.status).toBe(200);
    const admitted = await fleet.post('/v1/rerank', { model, query: 'backpressure', documents: makeDocuments(4, 22) });
    expect(admitted.status).toBe(200);
  });
});
