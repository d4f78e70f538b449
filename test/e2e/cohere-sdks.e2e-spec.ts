import { CohereClient, CohereClientV2, Cohere } from 'cohere-ai';
import { CohereClient as CohereClientV7, CohereError as CohereErrorV7 } from 'cohere-ai-v7';
import { CohereRerank as LangChainCohereRerank } from '@langchain/cohere';
import { Document } from '@langchain/core/documents';
import { CohereRerank as LlamaIndexCohereRerank } from '@llamaindex/cohere';
import { TextNode } from '@llamaindex/core/schema';
import { CrossEncoderScorer, sigmoid } from '@rerank/scoring';
import { loadDirectScorer } from '../support/direct-scorer';
import { TINY_FIXTURE_DIR } from '../support/fixtures';
import { QueueState } from '../support/queue-state';
import { TEST_REDIS_URL } from '../support/redis';
import { withFirstJobStuck } from '../support/stuck-job';
import { TestFleet } from '../support/test-fleet';

const KEY = 'sdk-test-key-0123456789';
const QUERY = 'What is the capital of the United States?';
// The documents of Cohere's own rerank examples, and two more so a request is three jobs of two.
const DOCUMENTS = [
  'Carson City is the capital city of the American state of Nevada.',
  'The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.',
  'Washington, D.C. (also known as simply Washington or D.C., and officially as the District of Columbia) is the capital of the United States.',
  'Capital punishment has existed in the United States since before the United States was a country.',
  'Berlin is the capital of Germany.',
  'The United States has fifty states.',
];
const TOLERANCE = 4;

/**
 * The published Cohere clients, unchanged but for their base URL, against a real fleet:
 * cohere-ai 8.x (CohereClient for /v1, CohereClientV2 for /v2), cohere-ai 7.x, LangChain's
 * CohereRerank and LlamaIndex's CohereRerank. A request of six documents is three jobs
 * (RERANK_JOB_DOCUMENTS 2), so freezing the worker that holds the first leaves documents 0 and 1
 * unscored at the server's deadline: the partial answer an SDK user gets without asking.
 * The score cache keys on the reading options, so each test that needs its request to reach the
 * workers reads with a max_chunks_per_doc (or max_tokens_per_doc) of its own; the documents are
 * one window each, so the scores are the same.
 */
describe('Cohere SDKs against the fleet', () => {
  let fleet: TestFleet;
  let queue: QueueState;
  let direct: CrossEncoderScorer;
  let logits: number[];
  let bestFirst: number[];
  let warn: jest.SpyInstance;

  const v8 = () => new CohereClient({ token: KEY, environment: fleet.url });
  const v8v2 = () => new CohereClientV2({ token: KEY, environment: fleet.url });
  const v7 = () => new CohereClientV7({ token: KEY, environment: fleet.url });

  beforeAll(async () => {
    fleet = await TestFleet.start({
      env: {
        RERANK_MODELS: `tiny=${TINY_FIXTURE_DIR}`,
        RERANK_API_KEYS: KEY,
        RERANK_JOB_DOCUMENTS: '2',
        RERANK_JOB_MAX_DOCUMENTS: '2',
        RERANK_REQUEST_TIMEOUT_MS: '3000',
        RERANK_MAX_CHUNKS_PER_DOC: '8',
        RERANK_MAX_QUEUED_PAIRS: '30',
      },
      workerEnv: { WORKER_CONCURRENCY: '1', RERANK_BATCH_WAIT_MS: '0', WORKER_STALLED_INTERVAL_MS: '300000' },
    });
    queue = new QueueState(TEST_REDIS_URL, fleet.prefix);
    direct = await loadDirectScorer();
    logits = (await direct.score(QUERY, DOCUMENTS)).logits;
    bestFirst = DOCUMENTS.map((_, index) => index).sort((a, b) => logits[b] - logits[a] || a - b);
  });

  beforeEach(() => {
    warn = jest.spyOn(console, 'warn');
  });

  afterEach(() => {
    // The SDKs print a warning for each field whose type does not match their schema.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  afterAll(async () => {
    queue?.close();
    await direct?.release();
    await fleet?.stop();
  });

  const expectScores = (results: { index: number; relevanceScore: number }[]) => {
    for (const result of results) expect(result.relevanceScore).toBeCloseTo(sigmoid(logits[result.index]), TOLERANCE);
  };

  describe('cohere-ai 8.x CohereClient (v1)', () => {
    it('ranks string documents, top_n, without documents by default and with them on request, with meta and usage', async () => {
      const plain = await v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, topN: 3 });
      expect(plain.results.map((r) => r.index)).toEqual(bestFirst.slice(0, 3));
      expectScores(plain.results);
      expect(plain.results.every((r) => r.document === undefined)).toBe(true);
      expect(plain.meta?.apiVersion?.version).toBe('1');
      expect(plain.meta?.billedUnits?.searchUnits).toBe(1);

      const echoed = await v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, returnDocuments: true });
      expect(echoed.results.map((r) => r.document?.text)).toEqual(bestFirst.map((index) => DOCUMENTS[index]));
    });

    it('echoes object documents whole and ranks them on rank_fields in order, also without `text`', async () => {
      const documents: Record<string, string>[] = [
        { title: 'Nevada', text: DOCUMENTS[0], author: 'a' },
        { title: 'United States', text: DOCUMENTS[2], author: 'b' },
        { title: 'Germany', summary: DOCUMENTS[4] },
      ];
      const response = await v8().rerank({
        model: 'tiny',
        query: QUERY,
        documents,
        rankFields: ['title', 'text', 'summary'],
        returnDocuments: true,
      });
      const ranked = documents.map((document) => [document.title, document.text ?? document.summary].join('\n'));
      const expected = (await direct.score(QUERY, ranked)).logits;
      for (const result of response.results) {
        expect(result.document).toEqual(documents[result.index]);
        expect(result.relevanceScore).toBeCloseTo(sigmoid(expected[result.index]), TOLERANCE);
      }
      const byText = await v8().rerank({
        model: 'tiny',
        query: QUERY,
        documents: [{ text: DOCUMENTS[1], tag: 'kept' }],
        returnDocuments: true,
      });
      expect(byText.results[0].document).toEqual({ text: DOCUMENTS[1], tag: 'kept' });
      expect(byText.results[0].relevanceScore).toBeCloseTo(sigmoid(logits[1]), TOLERANCE);
    });

    it('clamps max_chunks_per_doc above the limit instead of refusing it', async () => {
      const response = await v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, maxChunksPerDoc: 1000 });
      expect(response.results.map((r) => r.index)).toEqual(bestFirst);
    });

    it('returns a partial answer with the scored documents only, every score a number', async () => {
      const response = await withFirstJobStuck(fleet, queue, () =>
        v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, maxChunksPerDoc: 7 }),
      );
      expect(response.results.map((r) => r.index)).toEqual(bestFirst.filter((index) => index > 1));
      expectScores(response.results);
      expect((response as unknown as { partial: boolean; unscored: number[] }).partial).toBe(true);
      expect((response as unknown as { unscored: number[] }).unscored).toEqual([0, 1]);
    });
  });

  describe('cohere-ai 8.x CohereClientV2', () => {
    it('ranks string documents with top_n and reports the tokens of a cached answer as a fresh one', async () => {
      const query = `${QUERY} (metering)`;
      const first = await v8v2().rerank({ model: 'tiny', query, documents: DOCUMENTS, topN: 2 });
      const second = await v8v2().rerank({ model: 'tiny', query, documents: DOCUMENTS, topN: 2 });
      expect(second.results).toEqual(first.results);
      expect(first.results).toHaveLength(2);
      expect(first.meta?.tokens?.inputTokens).toBeGreaterThan(DOCUMENTS.length * 10);
      expect(second.meta?.tokens?.inputTokens).toBe(first.meta?.tokens?.inputTokens);
      const cached = (meta: unknown) => (meta as { tokens: { cached_input_tokens?: number; cachedInputTokens?: number } }).tokens;
      expect(cached(second.meta).cached_input_tokens ?? cached(second.meta).cachedInputTokens).toBe(second.meta?.tokens?.inputTokens);
      expect(second.meta?.billedUnits?.searchUnits).toBe(1);
    });

    it('returns a partial answer with the scored documents only', async () => {
      const response = await withFirstJobStuck(fleet, queue, () =>
        v8v2().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, maxTokensPerDoc: 4000 }),
      );
      expect(response.results.map((r) => r.index)).toEqual(bestFirst.filter((index) => index > 1));
      expectScores(response.results);
    });
  });

  describe('SDK error classes', () => {
    it('raises BadRequestError naming the field', async () => {
      const failure = v8().rerank({ model: 'tiny', query: QUERY, documents: [] });
      await expect(failure).rejects.toBeInstanceOf(Cohere.BadRequestError);
      await expect(failure).rejects.toMatchObject({ statusCode: 400, body: { message: 'documents must contain at least one document' } });
    });

    it('raises UnauthorizedError for a wrong key and NotFoundError for a model not served', async () => {
      const stranger = new CohereClient({ token: 'not-a-key-of-this-fleet', environment: fleet.url });
      await expect(stranger.rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS })).rejects.toBeInstanceOf(Cohere.UnauthorizedError);
      await expect(v8v2().rerank({ model: 'rerank-v3.5', query: QUERY, documents: DOCUMENTS })).rejects.toBeInstanceOf(
        Cohere.NotFoundError,
      );
    });

    it('raises TooManyRequestsError with Retry-After when the queue is over its bound, and GatewayTimeoutError when nothing is scored in time', async () => {
      const [worker] = fleet.workers;
      worker.child.kill('SIGSTOP');
      let filler: Promise<unknown> | undefined;
      try {
        // 40 pairs queued behind a frozen worker: over RERANK_MAX_QUEUED_PAIRS (30).
        filler = fleet.post(
          '/v1/rerank',
          { model: 'tiny', query: QUERY, documents: Array.from({ length: 40 }, (_, i) => `filler ${i}`) },
          { authorization: `Bearer ${KEY}` },
        );
        await queue.waitForWaiting(19);
        const busy = v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, maxChunksPerDoc: 5 }, { maxRetries: 0 });
        await expect(busy).rejects.toBeInstanceOf(Cohere.TooManyRequestsError);
        const error = (await busy.catch((e: unknown) => e)) as Cohere.TooManyRequestsError;
        expect(Number(error.rawResponse?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        await filler;
        // The filler timed out and its waiting jobs were removed: this one is admitted, and times out too.
        const late = v8().rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS, maxChunksPerDoc: 4 }, { maxRetries: 0 });
        await expect(late).rejects.toBeInstanceOf(Cohere.GatewayTimeoutError);
      } finally {
        worker.child.kill('SIGCONT');
        await filler?.catch(() => undefined);
      }
    });
  });

  describe('cohere-ai 7.x CohereClient', () => {
    it('ranks string and object documents with top_n and return_documents', async () => {
      const response = await v7().rerank({
        model: 'tiny',
        query: QUERY,
        documents: DOCUMENTS.map((text, i) => ({ text, id: `d${i}` })),
        topN: 2,
        returnDocuments: true,
      });
      expect(response.results.map((r) => r.index)).toEqual(bestFirst.slice(0, 2));
      expectScores(response.results);
      expect(response.results.map((r) => r.document)).toEqual(bestFirst.slice(0, 2).map((i) => ({ text: DOCUMENTS[i], id: `d${i}` })));
    });

    it('raises its CohereError subclasses with the status', async () => {
      const stranger = new CohereClientV7({ token: 'not-a-key-of-this-fleet', environment: fleet.url });
      await expect(stranger.rerank({ model: 'tiny', query: QUERY, documents: DOCUMENTS })).rejects.toMatchObject({ statusCode: 401 });
      await expect(v7().rerank({ model: 'tiny', query: QUERY, documents: [] })).rejects.toBeInstanceOf(CohereErrorV7);
    });
  });

  describe("LangChain's CohereRerank", () => {
    const reranker = (topN: number, maxChunksPerDoc?: number) =>
      new LangChainCohereRerank({ client: v7(), model: 'tiny', topN, maxChunksPerDoc });
    const documents = () => DOCUMENTS.map((pageContent, i) => new Document({ pageContent, metadata: { source: i } }));

    it('compresses documents to the top n, best first, with numeric scores', async () => {
      const compressed = await reranker(3).compressDocuments(documents(), QUERY);
      expect(compressed.map((doc) => doc.metadata.source)).toEqual(bestFirst.slice(0, 3));
      for (const doc of compressed) expect(doc.metadata.relevanceScore).toBeCloseTo(sigmoid(logits[doc.metadata.source]), TOLERANCE);
    });

    it('compresses a partial answer to the scored documents only, never a null score', async () => {
      const compressed = await withFirstJobStuck(fleet, queue, () => reranker(6, 6).compressDocuments(documents(), QUERY));
      expect(compressed.map((doc) => doc.metadata.source)).toEqual(bestFirst.filter((index) => index > 1));
      expect(compressed.every((doc) => typeof doc.metadata.relevanceScore === 'number')).toBe(true);
    });
  });

  describe("LlamaIndex's CohereRerank", () => {
    it('reorders nodes to the top n with numeric scores, given the fleet as baseUrl', async () => {
      const reranker = new LlamaIndexCohereRerank({ apiKey: KEY, baseUrl: fleet.url, model: 'tiny', topN: 2 });
      const nodes = DOCUMENTS.map((text, i) => ({ node: new TextNode({ text, id_: `n${i}` }), score: 0 }));
      const ranked = await reranker.postprocessNodes(nodes, QUERY);
      expect(ranked.map(({ node }) => node.id_)).toEqual(bestFirst.slice(0, 2).map((i) => `n${i}`));
      for (const { node, score } of ranked) expect(score).toBeCloseTo(sigmoid(logits[Number(node.id_.slice(1))]), TOLERANCE);
    });
  });
});
