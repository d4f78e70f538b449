import { formatMetricsTable } from './eval-report';

describe('formatMetricsTable', () => {
  it('prints BM25 and reranked metrics side by side, four decimals, columns aligned', () => {
    const bm25 = { 'ndcg@10': 0.36234, 'mrr@10': 0.5155, 'recall@100': 0.7313, map: 0.2947 };
    const rerank = { 'ndcg@10': 0.4, 'mrr@10': 0.6, 'recall@100': 0.7313, map: 0.31 };
    expect(formatMetricsTable({ queries: 2, bm25, rerank }).split('\n')).toEqual([
      '                nDCG@10   MRR@10   Recall@100      MAP',
      'BM25             0.3623   0.5155       0.7313   0.2947',
      'BM25 + rerank    0.4000   0.6000       0.7313   0.3100',
    ]);
  });
});
