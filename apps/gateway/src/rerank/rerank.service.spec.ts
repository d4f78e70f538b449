import { NotFoundException } from '@nestjs/common';
import { GatewayConfig } from '@rerank/config';
import { sigmoid } from '@rerank/scoring';
import { DispatchRequest, DispatchResult, ScoreDispatcherService } from '../scoring/score-dispatcher.service';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { RerankCommand } from './rerank-command';
import { RerankService } from './rerank.service';

const LOGITS = [0.5, 2, -1];

function serviceWith() {
  const dispatched: DispatchRequest[] = [];
  const dispatcher = {
    dispatch: async (request: DispatchRequest): Promise<DispatchResult> => {
      dispatched.push(request);
      return {
        logits: LOGITS.slice(0, request.texts.length),
        bestChunks: [undefined, { start: 3, end: 8 }, undefined],
        realTokens: 42,
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
  const config = { maxDocuments: 3, maxChunksPerDoc: 8 } as GatewayConfig;
  const service = new RerankService(config, queues as unknown as ScoreQueuesService, dispatcher as unknown as ScoreDispatcherService);
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
      totalTokens: 42,
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

  it('passes the request\'s windowing and token bound on, and no windowing with truncate', async () => {
    const { service, dispatched } = serviceWith();
    await service.rerank(command({ longDocuments: { aggregation: 'mean', meanTopK: 2, maxChunksPerDoc: 4, stride: 0, maxTokensPerDoc: 100 } }));
    await service.rerank(command({ longDocuments: { truncate: true, maxTokensPerDoc: 100 } }));
    expect(dispatched[0]).toMatchObject({ windowing: { aggregation: 'mean', maxChunks: 4, meanTopK: 2, stride: 0 }, maxDocumentTokens: 100 });
    expect(dispatched[1].windowing).toBeUndefined();
    expect(dispatched[1].maxDocumentTokens).toBe(100);
  });

  it.each([
    [{ maxChunksPerDoc: 9 }, 'max_chunks_per_doc is 9; the limit is 8 (RERANK_MAX_CHUNKS_PER_DOC)'],
    [{ meanTopK: 2 }, 'mean_top_k applies only to aggregation "mean" (got "max")'],
    [{ aggregation: 'mean' as const, meanTopK: 5, maxChunksPerDoc: 4 }, 'mean_top_k (5) must not exceed max_chunks_per_doc (4)'],
  ])('rejects %j naming the field and the limit', async (longDocuments, message) => {
    const { service, dispatched } = serviceWith();
    await expect(service.rerank(command({ longDocuments }))).rejects.toThrow(message);
    expect(dispatched).toHaveLength(0);
  });

  it('rejects more documents than the limit under the request\'s own field name', async () => {
    const { service } = serviceWith();
    const documents = Array.from({ length: 4 }, () => ({ text: 't' }));
    await expect(service.rerank(command({ documents, documentsField: 'texts' }))).rejects.toThrow(
      'texts has 4 entries; the limit is 3 (RERANK_MAX_DOCUMENTS)',
    );
  });
});
