import { loadDirectScorer } from '../support/direct-scorer';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { makeDocuments } from '../support/documents';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { TestFleet } from '../support/test-fleet';
import { FleetProcess } from '../../tools/fleet/fleet-process';
import { withFirstJobStuck as stuckJob } from '../support/stuck-job';

const QUERY = 'berlin population';
// RERANK_JOB_DOCUMENTS is 4: twelve documents are three jobs, the first holding documents 0-3.
const DOCUMENTS = makeDocuments(12);
const DEADLINE_MS = 2500;

type Result = { index: number; relevance_score: number; logit?: number };

/**
 * A request's deadline passing with part of its work done: one worker takes the request's first
 * job and freezes (SIGSTOP) holding it, another scores the other jobs. Which documents end up
 * unscored is therefore known: those of the first job.
 */
describe('deadline_ms and partial answers', () => {
  let fleet: TestFleet;
  let fast: FleetProcess;
  let queue: QueueState;
  let direct: CrossEncoderScorer;
  let logits: number[];

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: {
        RERANK_JOB_DOCUMENTS: '4',
        RERANK_JOB_MAX_DOCUMENTS: '4',
        RERANK_SCORE_CACHE: 'off',
        RERANK_REQUEST_TIMEOUT_MS: '5000',
        RERANK_MAX_DEADLINE_MS: '10000',
      },
      // One job at a time; no stalled-job handover while a test runs, so a frozen worker's job stays where it is.
      workerEnv: { WORKER_CONCURRENCY: '1', RERANK_BATCH_WAIT_MS: '0', WORKER_SCORE_LOCK_MS: '300000' },
    });
    [fast] = fleet.workers;
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
    direct = await loadDirectScorer();
    logits = (await direct.score(QUERY, DOCUMENTS)).logits;
  });

  afterAll(async () => {
    queue?.close();
    await direct?.release();
    await fleet?.stop();
  });

  const withFirstJobStuck = <T>(send: () => Promise<T>): Promise<T> => stuckJob(fleet, queue, send);

  it('answers 200 with partial: true, the scored documents best first, the unscored ones named in `unscored` and counted in X-Rerank-Unscored', async () => {
    const { status, body, headers } = await withFirstJobStuck(() =>
      fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, deadline_ms: DEADLINE_MS }),
    );
    expect(status).toBe(200);
    expect(body.partial).toBe(true);
    expect(headers.get('x-rerank-unscored')).toBe('4');
    const results = body.results as Result[];
    expect(results).toHaveLength(8);
    const scored = results;
    expect(scored.map((r) => r.index).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const scores = scored.map((r) => r.relevance_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const result of scored) expect(result.relevance_score).toBeCloseTo(sigmoid(logits[result.index]), 4);
    expect(body.unscored).toEqual([0, 1, 2, 3]);
    expect(body.usage.documents).toBe(12);
  });

  it('answers 504 naming what was scored when the client sent partial: false', async () => {
    const { status, body } = await withFirstJobStuck(() =>
      fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, deadline_ms: DEADLINE_MS, partial: false }),
    );
    expect(status).toBe(504);
    expect(body.message).toBe(
      `scoring did not finish within ${DEADLINE_MS} ms (8 of 12 documents scored for model "tiny"); ` +
        'with "partial": true the 8 scored documents would come back ranked, the others after them',
    );
  });

  it('answers TEI requests 504 unless they ask for partial answers, as its bare array cannot say it is partial', async () => {
    const { status, body } = await withFirstJobStuck(() =>
      fleet.post('/rerank', { query: QUERY, texts: DOCUMENTS, deadline_ms: DEADLINE_MS }),
    );
    expect(status).toBe(504);
    expect(body.error_type).toBe('Backend');
    expect(body.error).toMatch(/^scoring did not finish within 2500 ms \(8 of 12 documents scored for model "tiny"\)/);
  });

  it('answers a search with the reranked candidates first and the unscored ones after them in BM25 order', async () => {
    // Every document holds the query's words, so BM25 finds all twelve.
    const corpus = DOCUMENTS.map((text, i) => ({ id: `d${i}`, text: `${QUERY} ${text}` }));
    expect((await fleet.post('/v1/collections/deadlines/documents', corpus)).status).toBe(200);
    const search = { collection: 'deadlines', query: QUERY, top_k: 12, candidates: 12 };
    const bm25 = (await fleet.post('/v1/search', { ...search, rerank: false })).body.results.map((r: { id: string }) => r.id);
    expect(bm25).toHaveLength(12);

    const { status, body } = await withFirstJobStuck(() => fleet.post('/v1/search', { ...search, deadline_ms: DEADLINE_MS }));
    expect(status).toBe(200);
    expect(body.partial).toBe(true);
    const results = body.results as { id: string; rank: number; relevance_score: number | null; unscored?: true }[];
    expect(results.map((r) => r.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const scores = results.slice(0, 8).map((r) => r.relevance_score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(
      results
        .slice(0, 8)
        .map((r) => r.id)
        .sort(),
    ).toEqual(bm25.slice(4).sort());
    expect(results.slice(8).map(({ id, relevance_score, unscored }) => ({ id, relevance_score, unscored }))).toEqual(
      bm25.slice(0, 4).map((id: string) => ({ id, relevance_score: null, unscored: true })),
    );
  });

  it('answers 504 when the deadline passes with nothing scored, even though partial answers are the default', async () => {
    fast.child.kill('SIGSTOP');
    let response;
    try {
      response = await fleet.post('/v2/rerank', { query: QUERY, documents: DOCUMENTS.slice(0, 8), deadline_ms: 500 });
    } finally {
      fast.child.kill('SIGCONT');
    }
    expect(response.status).toBe(504);
    // The stopped worker finished work moments ago, so the gateway cannot tell it from a slow one; it says what it saw.
    expect(response.body.message).toMatch(
      /^scoring did not finish within 500 ms \(0 of 8 documents scored for model "tiny"\); (no worker finished any work for this model lately; check that a worker serves it \(GET \/health\)|the workers did not get to it in time although little was queued ahead \(0 pairs were queued ahead of it .*check GET \/health.*)$/,
    );
  });

  it('answers partial: false on complete answers in every JSON dialect', async () => {
    const v1 = await fleet.post('/v1/rerank', { query: QUERY, documents: DOCUMENTS, deadline_ms: 5000 });
    const v2 = await fleet.post('/v2/rerank', { query: QUERY, documents: DOCUMENTS });
    const search = await fleet.post('/v1/search', { collection: 'deadlines', query: QUERY, top_k: 3, candidates: 12 });
    expect([v1, v2, search].map(({ status, body }) => [status, body.partial])).toEqual([
      [200, false],
      [200, false],
      [200, false],
    ]);
    expect((v1.body.results as Result[]).every((r) => typeof r.relevance_score === 'number')).toBe(true);
    expect([v1.body.unscored, v2.body.unscored]).toEqual([[], []]);
  });

  it.each([
    [
      '/v1/rerank',
      { query: QUERY, documents: ['a'], deadline_ms: 10_001 },
      'deadline_ms is 10001; the limit is 10000 (RERANK_MAX_DEADLINE_MS)',
    ],
    ['/v2/rerank', { query: QUERY, documents: ['a'], deadline_ms: 0 }, 'deadline_ms must be at least 1'],
    ['/v1/search', { collection: 'deadlines', query: QUERY, deadline_ms: 2.5 }, 'deadline_ms must be an integer'],
    [
      '/v1/search',
      { collection: 'deadlines', query: QUERY, deadline_ms: 60_000 },
      'deadline_ms is 60000; the limit is 10000 (RERANK_MAX_DEADLINE_MS)',
    ],
    ['/v1/rerank', { query: QUERY, documents: ['a'], partial: 'yes' }, 'partial must be a boolean'],
  ])('answers 400 naming the field and the limit for %s %j', async (path, body, message) => {
    const response = await fleet.post(path, body);
    expect([response.status, response.body.message]).toEqual([400, message]);
  });

  it("answers TEI's /rerank 422 in TEI's shape for a deadline_ms that is not an integer", async () => {
    const response = await fleet.post('/rerank', { query: QUERY, texts: ['a'], deadline_ms: 'soon' });
    expect([response.status, response.body]).toEqual([422, { error: 'deadline_ms must be an integer', error_type: 'Validation' }]);
  });
});
