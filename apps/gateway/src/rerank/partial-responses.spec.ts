import { RerankOutcome } from './rerank-command';
import { v1Response } from './cohere-v1/rerank-v1.adapter';
import { v2Response } from './cohere-v2/rerank-v2.adapter';
import { teiResponse } from './tei/tei-rerank.adapter';

/** Document 1 scored, documents 0 and 2 left unscored by the deadline. */
const partial: RerankOutcome = {
  model: 'm',
  partial: true,
  documents: 3,
  totalTokens: 12,
  results: [
    { index: 1, logit: 2, score: 0.88, document: { text: 'b', id: 'doc-b' } },
    { index: 0, logit: null, score: null, document: { text: 'a', id: 'doc-a' } },
    { index: 2, logit: null, score: null, document: { text: 'c' } },
  ],
};

describe('partial responses', () => {
  it('returns Cohere v1 results with null scores and `unscored` on the unscored documents, and `partial: true`', () => {
    const response = v1Response(partial, 'r', false);
    expect(response.partial).toBe(true);
    expect(response.results).toEqual([
      { index: 1, relevance_score: 0.88, logit: 2, id: 'doc-b' },
      { index: 0, relevance_score: null, logit: null, id: 'doc-a', unscored: true },
      { index: 2, relevance_score: null, logit: null, unscored: true },
    ]);
  });

  it('returns Cohere v2 results in the same shape, and `partial: false` on a complete answer', () => {
    expect(v2Response(partial, 'r').results).toEqual([
      { index: 1, relevance_score: 0.88, id: 'doc-b' },
      { index: 0, relevance_score: null, id: 'doc-a', unscored: true },
      { index: 2, relevance_score: null, unscored: true },
    ]);
    expect(v2Response({ ...partial, partial: false, results: partial.results.slice(0, 1) }, 'r').partial).toBe(false);
  });

  it('returns TEI ranks with a null score and `unscored` on the unscored texts', () => {
    expect(teiResponse(partial, true)).toEqual([
      { index: 1, text: 'b', score: 0.88 },
      { index: 0, text: 'a', score: null, unscored: true },
      { index: 2, text: 'c', score: null, unscored: true },
    ]);
  });
});
