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
  cachedTokens: 0,
  unscored: [0, 2],
  results: [{ index: 1, logit: 2, score: 0.88, document: { text: 'b', id: 'doc-b' } }],
};

describe('partial responses', () => {
  it('returns Cohere v1 results for the scored documents only, and names the others in `unscored`, with `partial: true`', () => {
    const response = v1Response(partial, 'r', false);
    expect(response.partial).toBe(true);
    expect(response.unscored).toEqual([0, 2]);
    expect(response.results).toEqual([{ index: 1, relevance_score: 0.88, logit: 2, id: 'doc-b' }]);
  });

  it('returns Cohere v2 results in the same way, and `partial: false` with no `unscored` on a complete answer', () => {
    const response = v2Response(partial, 'r');
    expect(response.results).toEqual([{ index: 1, relevance_score: 0.88, id: 'doc-b' }]);
    expect(response.unscored).toEqual([0, 2]);
    const complete = v2Response({ ...partial, partial: false, unscored: [] }, 'r');
    expect(complete).toMatchObject({ partial: false, unscored: [] });
  });

  it('returns TEI ranks for the scored texts only, every score a number', () => {
    expect(teiResponse(partial, true)).toEqual([{ index: 1, text: 'b', score: 0.88 }]);
  });
});
