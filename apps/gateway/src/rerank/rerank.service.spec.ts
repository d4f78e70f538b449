import { NotFoundException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { sigmoid } from '@rerank/scoring/ranking';
import { CachedScoringService } from '../scoring/cached-scoring.service';
import { DispatchRequest, DispatchResult } from '../scoring/score-dispatcher.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { RerankCommand } from './rerank-command';
import { RerankService } from './rerank.service';

const LOGITS = [0.5, 2, -1];

function serviceWith(logits = LOGITS) {
  const dispatched: DispatchRequest[] = [];
  const dispatcher = {
    dispatch: async (request: DispatchRequest): Promise<DispatchResult> => {
      dispatched.push(request);
      const documentTokens = [10, 20, 30].slice(0, request.texts.length).map((tokens, i) => (Number.isNaN(logits[i]) ? 0 : tokens));
      return {
        logits: logits.slice(0, request.texts.length),
        bestChunks: [undefined, { start: 3, end: 8 }, undefined],
        documentTokens,
        // Document 0's 10 tokens came from the cache, the workers read the rest.
        cachedTokens: 10,
        realTokens: documentTokens.reduce((sum, tokens) => sum + tokens, 0) - 10,
        paddedTokens: 50,
        jobs: 1,
      };
    },
  };
  const queues = {
    resolveModel: (model?: string) => {
      if (model && model !== 'm') throw new NotFoundException(`model "${model}" is not served here`);
      return 'm';
    },
  };
  const config = { maxDocuments: 3, maxChunksPerDoc: 8, requestTimeoutMs: 30_000, maxDeadlineMs: 60_000 } as GatewayConfig;
  const service = new RerankService(config, queues as unknown as ScoreQueuesService, dispatcher as unknown as CachedScoringService);
  return { service, dispatched };
}

const command = (extra: Partial<RerankCommand> = {}): RerankCommand => ({
  requestId: 'r',
  query: 'q',
  documents: [{ text: 'a', id: 'x' }, { text: 'b', metadata: { k: 1 } }, { text: 'c' }],
  documentsField: 'documents',
  scoreMode: 'sigmoid',
  longDocuments: {},
  ...extra,
});

describe('RerankService', () => {
  it('returns the documents best first with sigmoid scores, their best chunk, and the top n only', async () => {
    const { service } = serviceWith();
    const outcome = await service.rerank(command({ topN: 2 }));
    expect(outcome).toEqual({
      model: 'm',
      documents: 3,
      totalTokens: 60,
      cachedTokens: 10,
      partial: false,
      unscored: [],
      results: [
        { index: 1, logit: 2, score: sigmoid(2), document: { text: 'b', metadata: { k: 1 } }, bestChunk: { start: 3, end: 8 } },
        { index: 0, logit: 0.5, score: sigmoid(0.5), document: { text: 'a', id: 'x' } },
      ],
    });
  });

  it('returns the logits as scores in raw score mode', async () => {
    const { service } = serviceWith();
    const outcome = await service.rerank(command({ scoreMode: 'raw' }));
    expect(outcome.results.map((result) => result.score)).toEqual([2, 0.5, -1]);
  });

  it('asks for max windows, the configured chunk limit, the default stride and mean of 3 when nothing is given', async () => {
    const { service, dispatched } = serviceWith();
    await service.rerank(command());
    expect(dispatched[0].windowing).toEqual({ aggregation: 'max', maxChunks: 8, meanTopK: 3, stride: 64 });
    expect(dispatched[0].maxDocumentTokens).toBeUndefined();
  });

  it("passes the request's windowing and token bound on, and no windowing with truncate", async () => {
    const { service, dispatched } = serviceWith();
    await service.rerank(
      command({ longDocuments: { aggregation: 'mean', meanTopK: 2, maxChunksPerDoc: 4, stride: 0, maxTokensPerDoc: 100 } }),
    );
    await service.rerank(command({ longDocuments: { truncate: true, maxTokensPerDoc: 100 } }));
    expect(dispatched[0]).toMatchObject({
      windowing: { aggregation: 'mean', maxChunks: 4, meanTopK: 2, stride: 0 },
      maxDocumentTokens: 100,
    });
    expect(dispatched[1].windowing).toBeUndefined();
    expect(dispatched[1].maxDocumentTokens).toBe(100);
  });

  it('counts what the workers read when they report no per-document tokens (workers of an older version)', async () => {
    const { service } = serviceWith();
    const dispatch = (service as unknown as { dispatcher: { dispatch: (r: DispatchRequest) => Promise<DispatchResult> } }).dispatcher;
    const original = dispatch.dispatch;
    dispatch.dispatch = async (request) => ({ ...(await original(request)), documentTokens: [0, 0, 0], cachedTokens: 0 });
    expect((await service.rerank(command())).totalTokens).toBe(50);
  });

  it('clamps max_chunks_per_doc to RERANK_MAX_CHUNKS_PER_DOC, as top_n is to the documents', async () => {
    const { service, dispatched } = serviceWith();
    await service.rerank(command({ longDocuments: { maxChunksPerDoc: 9 } }));
    expect(dispatched[0].windowing?.maxChunks).toBe(8);
  });

  it('passes left truncation on', async () => {
    const { service, dispatched } = serviceWith();
    await service.rerank(command({ longDocuments: { truncationDirection: 'left' } }));
    expect(dispatched[0].truncationDirection).toBe('left');
  });

  it.each([
    [{ meanTopK: 2 }, 'mean_top_k applies only to aggregation "mean" (got "max")'],
    [{ aggregation: 'mean' as const, meanTopK: 5, maxChunksPerDoc: 4 }, 'mean_top_k (5) must not exceed max_chunks_per_doc (4)'],
  ])('rejects %j naming the field and the limit', async (longDocuments, message) => {
    const { service, dispatched } = serviceWith();
    await expect(service.rerank(command({ longDocuments }))).rejects.toThrow(message);
    expect(dispatched).toHaveLength(0);
  });

  it("rejects more documents than the limit under the request's own field name", async () => {
    const { service } = serviceWith();
    const documents = Array.from({ length: 4 }, () => ({ text: 't' }));
    await expect(service.rerank(command({ documents, documentsField: 'texts' }))).rejects.toThrow(
      'texts has 4 entries; the limit is 3 (RERANK_MAX_DOCUMENTS)',
    );
  });

  it('returns only the scored documents, best first, and names the unscored ones in request order, when the deadline left some', async () => {
    const { service } = serviceWith([Number.NaN, 2, Number.NaN]);
    const outcome = await service.rerank(command({ documents: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] }));
    expect(outcome.partial).toBe(true);
    expect(outcome.unscored).toEqual([0, 2]);
    expect(outcome.results.map(({ index, logit, score }) => ({ index, logit, score }))).toEqual([
      { index: 1, logit: 2, score: sigmoid(2) },
    ]);
    expect(outcome.totalTokens).toBe(20);
  });

  it('applies top n to the scored documents of a partial result', async () => {
    const { service } = serviceWith([Number.NaN, 2, -1]);
    const outcome = await service.rerank(command({ topN: 1, scoreMode: 'raw' }));
    expect(outcome.results.map(({ index, score }) => [index, score])).toEqual([[1, 2]]);
    expect(outcome.unscored).toEqual([0]);
    expect(outcome.partial).toBe(true);
  });

  it('answers 504 for a partial result when the client refused partial answers, and when nothing was scored', async () => {
    await expect(serviceWith([Number.NaN, 2, -1]).service.rerank(command({ partial: false }))).rejects.toThrow(
      /^scoring did not finish within 30000 ms \(2 of 3 documents scored for model "m"\)/,
    );
    await expect(serviceWith([Number.NaN, Number.NaN, Number.NaN]).service.rerank(command())).rejects.toThrow(
      /^scoring did not finish within 30000 ms \(0 of 3 documents scored for model "m"\)/,
    );
  });

  it('passes the deadline the request asks for on from arrival, and rejects one past RERANK_MAX_DEADLINE_MS before dispatching', async () => {
    const { service, dispatched } = serviceWith();
    const before = Date.now();
    await service.rerank(command({ deadlineMs: 250 }));
    expect(dispatched[0].deadline).toBeGreaterThanOrEqual(before + 250);
    expect(dispatched[0].deadline).toBeLessThanOrEqual(Date.now() + 250);
    await expect(service.rerank(command({ deadlineMs: 60_001 }))).rejects.toThrow(
      'deadline_ms is 60001; the limit is 60000 (RERANK_MAX_DEADLINE_MS)',
    );
    expect(dispatched).toHaveLength(1);
  });
});
